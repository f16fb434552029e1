package io.denywatch.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.denywatch.common.event.EventHeaders;
import io.denywatch.common.json.Json;
import io.denywatch.embedded.EmbeddedStack;
import io.denywatch.embedded.LocalStack;
import io.denywatch.embedded.S3Faults;
import io.denywatch.embedded.SampleLogFiles;
import io.denywatch.embedded.StackExtension;
import io.denywatch.ingest.testing.IngestHarness;
import io.denywatch.ingest.testing.Notifications;
import io.denywatch.ingest.testing.RealLogFiles;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The ingestor end to end on a real broker, S3 and SQS: notifications in, events and dead letters out. */
@ExtendWith(StackExtension.class)
class QueueIngestIT {

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private final IngestHarness harness;

    QueueIngestIT(LocalStack stack) {
        this.harness = new IngestHarness(stack);
    }

    @AfterEach
    void stop() {
        harness.close();
        if (harness.stack instanceof EmbeddedStack embedded) {
            embedded.s3Faults().reset();
        }
    }

    @Test
    void everyRealEventReachesKafkaByteIdenticalFromEveryNotificationShapeAndEachMessageIsDeleted() {
        // A prefix with a space and a plus: S3 notifications encode them as '+' and '%2B'.
        String prefix = "org trail+1";
        List<String> names = RealLogFiles.all();
        Map<String, String> keyToName = new HashMap<>();
        for (String name : names) {
            String key = SampleLogFiles.s3Key(prefix, name);
            harness.put(key, RealLogFiles.gzip(RealLogFiles.bytes(name)));
            keyToName.put(key, name);
        }
        List<String> keys = names.stream().map(n -> SampleLogFiles.s3Key(prefix, n)).toList();
        int messages = 0;
        for (int i = 0; i < keys.size(); ) {
            String key = keys.get(i);
            switch (i % 4) {
                case 0 -> harness.send(Notifications.s3Event(harness.bucket, key));
                case 1 -> harness.send(Notifications.sns(Notifications.s3Event(harness.bucket, key)));
                case 2 -> {
                    // CloudTrail's own notification, naming several files at once.
                    List<String> some = keys.subList(i, Math.min(i + 3, keys.size()));
                    harness.send(Notifications.sns(Notifications.cloudTrail(harness.bucket, some)));
                    i += some.size() - 1;
                }
                default -> harness.send(Notifications.eventBridge(harness.bucket, key));
            }
            i++;
            messages++;
        }
        harness.send(Notifications.s3TestEvent(harness.bucket));
        harness.send(Notifications.s3Event(harness.bucket,
                "AWSLogs/218007301253/CloudTrail-Digest/us-east-1/2023/07/10/"
                        + "218007301253_CloudTrail-Digest_us-east-1_trail_us-east-1_20230710T124512Z.json.gz"));
        int total = messages + 2;

        harness.start();
        await().atMost(PATIENCE).until(() -> harness.count("denywatch.ingest.messages.deleted") == total);
        assertEquals(0, harness.messagesOnQueue());

        List<ConsumerRecord<byte[], byte[]>> records = harness.readAll(harness.rawTopic, 2900, PATIENCE);
        assertEquals(2900, records.size(), "every event once, none twice");
        Map<String, String> contentByName = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            String source = header(record, EventHeaders.SOURCE);
            String key = source.substring(("s3://" + harness.bucket + "/").length());
            String name = keyToName.get(key);
            assertNotNull(name, "source header names an uploaded object: " + source);
            String file = contentByName.computeIfAbsent(name,
                    n -> new String(RealLogFiles.bytes(n), StandardCharsets.UTF_8));
            String value = new String(record.value(), StandardCharsets.UTF_8);
            assertTrue(file.contains(value), "the value is a byte-identical slice of " + name);
            JsonNode event = parse(record.value());
            assertEquals(event.get("eventID").asText(), new String(record.key(), StandardCharsets.UTF_8));
            assertEquals(event.get("eventID").asText(), header(record, EventHeaders.EVENT_ID));
            assertEquals(event.get("eventTime").asText(), header(record, EventHeaders.EVENT_TIME));
            assertEquals(event.get("eventName").asText(), header(record, EventHeaders.EVENT_NAME));
            assertEquals(event.get("eventSource").asText(), header(record, EventHeaders.EVENT_SOURCE));
            assertEquals(event.path("errorCode").isTextual() ? event.get("errorCode").asText() : null,
                    header(record, EventHeaders.ERROR_CODE));
            assertEquals(event.get("recipientAccountId").asText(), header(record, EventHeaders.RECIPIENT_ACCOUNT_ID));
            seen.add(source + "#" + value);
        }
        assertEquals(2900, seen.size());
        assertEquals(1, harness.count("denywatch.ingest.messages.skipped", "reason", "s3_test_event"));
        assertEquals(1, harness.count("denywatch.ingest.files.skipped", "reason", "digest"));
        assertEquals(55, harness.count("denywatch.ingest.files.ok"));
        assertEquals(2900, harness.count("denywatch.ingest.events.produced"));
    }

    @Test
    void aMessageNamingAFileThatFailsTransientlyStaysOnTheQueueUntilEveryFileIsIn() {
        String good = SampleLogFiles.s3Key("", RealLogFiles.all().get(0));
        String flaky = SampleLogFiles.s3Key("", RealLogFiles.all().get(1));
        harness.put(good, RealLogFiles.gzip(RealLogFiles.bytes(RealLogFiles.all().get(0))));
        harness.put(flaky, RealLogFiles.gzip(RealLogFiles.bytes(RealLogFiles.all().get(1))));
        S3Faults faults = faults();
        // The SDK gives up after one attempt here, so the second object's failure reaches the ingestor.
        harness.with("aws.max-attempts", "1");
        harness.send(Notifications.cloudTrail(harness.bucket, List.of(good, flaky)));
        faults.failGetObjectsOfKey(flaky, 1, S3Faults.Failure.INTERNAL_ERROR);
        harness.start();

        await().atMost(PATIENCE).until(() -> harness.count("denywatch.ingest.messages.retried") >= 1);
        await().atMost(PATIENCE).until(() -> harness.count("denywatch.ingest.messages.deleted") == 1);
        assertEquals(1, harness.count("denywatch.ingest.files.failed", "reason", "storage_500"));
        assertTrue(harness.count("denywatch.ingest.messages.received") >= 2, "received again after the failure");
        assertEquals(0, harness.messagesOnQueue());
        int expected = countRecords(0) + countRecords(1);
        Set<String> ids = new HashSet<>();
        harness.readAll(harness.rawTopic, expected, PATIENCE).forEach(r -> ids.add(header(r, EventHeaders.EVENT_ID)));
        assertEquals(distinctIds(0, 1), ids.size(), "every event of both files arrived (the good one possibly twice)");
    }

    @Test
    void damagedFilesAndBadMessagesGoToTheDeadLetterTopicAndTheGoodDataAroundThemStillArrives() throws Exception {
        String good = SampleLogFiles.s3Key("", RealLogFiles.all().get(2));
        String corrupt = good.replace(".json.gz", "").substring(0, good.length() - 24) + "CORRUPTCORRUPT01.json.gz";
        String missing = good.replace(".json.gz", "").substring(0, good.length() - 24) + "MISSINGMISSING01.json.gz";
        harness.put(good, RealLogFiles.gzip(RealLogFiles.bytes(RealLogFiles.all().get(2))));
        byte[] gz = RealLogFiles.gzip(RealLogFiles.bytes(RealLogFiles.all().get(3)));
        for (int i = 30; i < 300; i++) {
            gz[i] ^= 0x33;
        }
        harness.put(corrupt, gz);
        harness.send(Notifications.cloudTrail(harness.bucket, List.of(corrupt, good, missing)));
        harness.send("this is not a notification");
        harness.start();

        await().atMost(PATIENCE).until(() -> harness.count("denywatch.ingest.messages.deleted") == 2);
        List<ConsumerRecord<byte[], byte[]>> letters = harness.readAll(harness.dlqTopic, 3, PATIENCE);
        assertEquals(3, letters.size());
        Map<String, JsonNode> byReason = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> letter : letters) {
            JsonNode json = parse(letter.value());
            byReason.put(json.get("reason").asText(), json);
        }
        assertEquals("s3://" + harness.bucket + "/" + corrupt, byReason.get("corrupt_gzip").get("source").asText());
        assertEquals("file", byReason.get("corrupt_gzip").get("kind").asText());
        assertEquals("s3://" + harness.bucket + "/" + missing, byReason.get("object_missing").get("source").asText());
        JsonNode bad = byReason.get("invalid_json");
        assertEquals("notification", bad.get("kind").asText());
        assertEquals("this is not a notification", bad.get("excerpt").asText());
        assertEquals(countRecords(2), harness.readAll(harness.rawTopic, countRecords(2), PATIENCE).size());
    }

    @Test
    void aSlowBucketHasTheMessageKeptInvisibleAndTheFileIsReadOnce() {
        String key = SampleLogFiles.s3Key("", RealLogFiles.all().get(4));
        harness.put(key, RealLogFiles.gzip(RealLogFiles.bytes(RealLogFiles.all().get(4))));
        // Visibility of 2 s renewed every ~0.7 s; the object takes 5 s to come. Without renewals the message would
        // reappear and the second worker would read the file again.
        harness.with("ingest.visibility-timeout", "2s").with("ingest.workers", "2").with("ingest.wait-time", "1s");
        faults().delayGetObject(Duration.ofSeconds(5));
        harness.send(Notifications.s3Event(harness.bucket, key));
        harness.start();

        await().atMost(PATIENCE).until(() -> harness.count("denywatch.ingest.messages.deleted") == 1);
        assertEquals(1, harness.count("denywatch.ingest.messages.received"), "never redelivered");
        assertTrue(harness.count("denywatch.ingest.visibility.extended") >= 2,
                "renewed while the object was slow: " + harness.count("denywatch.ingest.visibility.extended"));
        assertEquals(countRecords(4), harness.readAll(harness.rawTopic, countRecords(4), PATIENCE).size());
    }

    /** Fault injection needs the embedded S3; the container stack cannot inject faults. */
    private S3Faults faults() {
        assumeTrue(harness.stack instanceof EmbeddedStack, "S3 fault injection needs the embedded stack");
        return ((EmbeddedStack) harness.stack).s3Faults();
    }

    private static int countRecords(int file) {
        return parse(RealLogFiles.bytes(RealLogFiles.all().get(file))).get("Records").size();
    }

    private static int distinctIds(int... files) {
        Set<String> ids = new HashSet<>();
        for (int f : files) {
            parse(RealLogFiles.bytes(RealLogFiles.all().get(f))).get("Records")
                    .forEach(r -> ids.add(r.get("eventID").asText()));
        }
        return ids.size();
    }

    private static JsonNode parse(byte[] json) {
        try {
            return Json.mapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
