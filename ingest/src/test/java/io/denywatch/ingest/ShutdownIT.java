package io.denywatch.ingest;

import io.denywatch.embedded.EmbeddedStack;
import io.denywatch.embedded.LocalStack;
import io.denywatch.embedded.SampleLogFiles;
import io.denywatch.embedded.StackExtension;
import io.denywatch.ingest.testing.IngestHarness;
import io.denywatch.ingest.testing.Notifications;
import io.denywatch.ingest.testing.RealLogFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Stopping the ingestor finishes what it can in time and hands the rest straight back to the queue. */
@ExtendWith(StackExtension.class)
class ShutdownIT {

    private final IngestHarness harness;

    ShutdownIT(LocalStack stack) {
        assumeTrue(stack instanceof EmbeddedStack, "a slow bucket needs the embedded S3's fault injection");
        this.harness = new IngestHarness(stack);
    }

    @AfterEach
    void reset() {
        harness.close();
        ((EmbeddedStack) harness.stack).s3Faults().reset();
    }

    @Test
    void workThatCannotFinishInTimeIsReleasedToTheQueueAtOnce() {
        String key = SampleLogFiles.s3Key("", RealLogFiles.all().get(5));
        harness.put(key, RealLogFiles.gzip(RealLogFiles.bytes(RealLogFiles.all().get(5))));
        ((EmbeddedStack) harness.stack).s3Faults().delayGetObject(Duration.ofSeconds(8));
        harness.with("ingest.shutdown-timeout", "1s").with("ingest.visibility-timeout", "10m").with("ingest.workers", "1");
        harness.send(Notifications.s3Event(harness.bucket, key));
        harness.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> harness.count("denywatch.ingest.messages.received") == 1);

        long stopping = System.nanoTime();
        harness.stop();
        Duration took = Duration.ofNanos(System.nanoTime() - stopping);

        // Visibility 10 minutes was asked for; released, the message is receivable right away.
        List<Message> again = harness.stack.sqs().receiveMessage(b -> b.queueUrl(harness.queueUrl).waitTimeSeconds(2)
                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages();
        assertEquals(1, again.size(), "released to the queue, stop took " + took);
        assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0,
                "the read blocked on the slow bucket is aborted, not waited out: stop took " + took);
        assertEquals("2", again.get(0).attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT));
        assertEquals(0, harness.count("denywatch.ingest.messages.deleted"));
    }

    @Test
    void workThatFinishesWithinTheTimeoutIsCompletedAndDeleted() {
        String key = SampleLogFiles.s3Key("", RealLogFiles.all().get(6));
        harness.put(key, RealLogFiles.gzip(RealLogFiles.bytes(RealLogFiles.all().get(6))));
        ((EmbeddedStack) harness.stack).s3Faults().delayGetObject(Duration.ofSeconds(2));
        harness.with("ingest.shutdown-timeout", "30s").with("ingest.workers", "1");
        harness.send(Notifications.s3Event(harness.bucket, key));
        harness.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> harness.count("denywatch.ingest.messages.received") == 1);

        harness.stop();

        assertEquals(1, harness.count("denywatch.ingest.messages.deleted"), "finished during the stop");
        assertEquals(0, harness.messagesOnQueue());
        int events = RealLogFiles.all().isEmpty() ? 0 : countRecords(6);
        assertEquals(events, harness.readAll(harness.rawTopic, events, Duration.ofSeconds(30)).size());
    }

    private static int countRecords(int file) {
        try {
            return io.denywatch.common.json.Json.mapper().readTree(RealLogFiles.bytes(RealLogFiles.all().get(file)))
                    .get("Records").size();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
