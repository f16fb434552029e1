package io.denywatch.ingest.pipeline;

import io.denywatch.common.cloudtrail.CloudTrailReader;
import io.denywatch.ingest.notification.NotificationParser;
import io.denywatch.ingest.testing.EventBridgeEvents;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityResponse;
import software.amazon.awssdk.services.sqs.model.DeleteMessageRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A received batch of EventBridge events, one per message, is sent to Kafka whole before the worker waits for the
 * first acknowledgement: a burst reaches the raw topic in one producer linger instead of one per message. Each message
 * is still deleted only once Kafka acknowledged its own event.
 */
class CarriedEventsBatchTest {

    private static final int BATCH = 5;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final IngestMetrics metrics = new IngestMetrics(registry);
    /** Acknowledges nothing until told to, so the test sees what was sent before any answer. */
    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());

    @Test
    void everyEventOfTheBatchIsSentBeforeAnyIsAwaitedAndEachIsDeletedOnItsOwnAcknowledgement() throws Exception {
        List<String> deleted = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger receives = new AtomicInteger();
        CountDownLatch stopping = new CountDownLatch(1);
        SqsClient sqs = new SqsClient() {
            @Override
            public ReceiveMessageResponse receiveMessage(ReceiveMessageRequest r) {
                if (receives.getAndIncrement() == 0) {
                    List<Message> batch = new ArrayList<>();
                    for (int i = 0; i < BATCH; i++) {
                        String detail = "{\"eventVersion\":\"1.11\",\"eventID\":\"e-" + i + "\",\"eventTime\":"
                                + "\"2026-01-15T08:05:00Z\",\"eventSource\":\"s3.amazonaws.com\",\"eventName\":"
                                + "\"PutObject\",\"errorCode\":\"AccessDenied\",\"recipientAccountId\":"
                                + "\"123456789012\"}";
                        batch.add(Message.builder().messageId("m" + i).receiptHandle("h" + i)
                                .body(EventBridgeEvents.envelope("id-" + i, "aws.s3", "AWS API Call via CloudTrail",
                                        "us-east-1", detail)).build());
                    }
                    return ReceiveMessageResponse.builder().messages(batch).build();
                }
                try {
                    // A long poll that finds nothing, ended by the test's stop.
                    stopping.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return ReceiveMessageResponse.builder().build();
            }

            @Override
            public DeleteMessageResponse deleteMessage(DeleteMessageRequest r) {
                deleted.add(r.receiptHandle());
                return DeleteMessageResponse.builder().build();
            }

            @Override
            public ChangeMessageVisibilityResponse changeMessageVisibility(ChangeMessageVisibilityRequest r) {
                return ChangeMessageVisibilityResponse.builder().build();
            }

            @Override
            public String serviceName() {
                return "sqs";
            }

            @Override
            public void close() {
            }
        };
        DeadLetterPublisher deadLetters = new DeadLetterPublisher(producer, "dlq", metrics);
        FileIngestor files = new FileIngestor(CloudTrailReader.accepting(IngestPipeline.SHAPES, 256 * 1024, 64L << 20),
                new EventPublisher(producer, "raw"), deadLetters, metrics, Duration.ofSeconds(30), Clock.systemUTC(),
                1000);
        MessageHandler handler = new MessageHandler(new NotificationParser(),
                new S3FileSource(S3Client.builder().region(software.amazon.awssdk.regions.Region.US_EAST_1)
                        .credentialsProvider(software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider
                                .create()).build(), files, deadLetters, metrics, Duration.ofSeconds(30),
                        Clock.systemUTC()),
                new CarriedEventPublisher(new EventPublisher(producer, "raw"), metrics, Duration.ofSeconds(30),
                        Clock.systemUTC()),
                deadLetters, metrics, Duration.ofSeconds(30), Clock.systemUTC(), "q");
        VisibilityHeartbeat heartbeat = new VisibilityHeartbeat(sqs, "q", Duration.ofHours(1), metrics,
                Clock.systemUTC());
        QueueWorker worker = new QueueWorker(new QueueSettings("q", 10, Duration.ofSeconds(1), Duration.ofHours(1),
                Duration.ofSeconds(15)), sqs, sqs, handler, heartbeat, metrics, Clock.systemUTC(), stopping);
        Thread thread = new Thread(worker, "worker-under-test");
        try {
            thread.start();
            await("all five events handed to the producer").atMost(Duration.ofSeconds(30))
                    .until(() -> producer.history().size() == BATCH);
            assertTrue(deleted.isEmpty(), "nothing is deleted before Kafka answered: " + deleted);

            // Kafka acknowledges the events one by one; each message goes once its own event is safe.
            for (int i = 0; i < BATCH; i++) {
                assertTrue(producer.completeNext());
                int acknowledged = i + 1;
                await("message " + i + " deleted").atMost(Duration.ofSeconds(30))
                        .until(() -> deleted.size() == acknowledged);
            }
            assertEquals(List.of("h0", "h1", "h2", "h3", "h4"), deleted);
            assertEquals(BATCH, registry.counter("denywatch.ingest.eventbridge.events").count());
        } finally {
            stopping.countDown();
            thread.join(10_000);
            heartbeat.close();
        }
    }
}
