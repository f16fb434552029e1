package io.denywatch.ingest.pipeline;

import io.denywatch.common.cloudtrail.CloudTrailReader;
import io.denywatch.ingest.notification.NotificationParser;
import io.denywatch.ingest.notification.ObjectRef;
import io.denywatch.ingest.testing.RealLogFiles;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResponse;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Review probes of the pipeline; each test states the behaviour a reviewer expects. */
class WorkerFaultTest {

    private static final String KEY = "AWSLogs/123456789012/CloudTrail/us-east-1/2026/11/23/"
            + "123456789012_CloudTrail_us-east-1_20261123T1900Z_abcdefghijklmnop.json.gz";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final IngestMetrics metrics = new IngestMetrics(registry);
    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final DeadLetterPublisher deadLetters = new DeadLetterPublisher(producer, "dlq", metrics);
    private final FileIngestor files = new FileIngestor(
            CloudTrailReader.accepting(IngestPipeline.SHAPES, 256 * 1024, 64L << 20),
            new EventPublisher(producer, "raw"), deadLetters, metrics, Duration.ofSeconds(5), Clock.systemUTC(), 1000);

    /** A stored gzip cut inside its header is damaged for good: dead-lettered, not retried until redrive. */
    @Test
    void aGzipCutInsideItsHeaderIsDeadLetteredNotRetried() throws Exception {
        byte[] gz = RealLogFiles.gzip("{\"Records\":[]}".getBytes(StandardCharsets.UTF_8));
        byte[] cut = Arrays.copyOf(gz, 6);
        FileOutcome outcome = files.ingest("s3://b/k", new ByteArrayInputStream(cut), cut.length);
        assertInstanceOf(FileOutcome.DeadLettered.class, outcome, outcome.toString());
    }

    /**
     * A dead-lettered file whose stream was abandoned midway must be aborted: close() on the Apache client's stream
     * drains the rest of the object (up to 50 MB) to reuse the connection.
     */
    @Test
    void aDeadLetteredFileAbandonedMidwayIsAborted() throws Exception {
        StringBuilder json = new StringBuilder("{\"Records\":[");
        java.util.Random random = new java.util.Random(1);
        for (int i = 0; i < 20_000; i++) {
            json.append(i == 0 ? "" : ",").append("{\"eventID\":\"").append(Long.toHexString(random.nextLong()))
                    .append(Long.toHexString(random.nextLong())).append("\"}");
        }
        byte[] gz = RealLogFiles.gzip(json.append("]}").toString().getBytes(StandardCharsets.UTF_8));
        for (int i = 20; i < 200; i++) {
            gz[i] = (byte) (gz[i] ^ 0x5a);
        }
        AtomicBoolean aborted = new AtomicBoolean();
        AtomicInteger unread = new AtomicInteger();
        ByteArrayInputStream body = new ByteArrayInputStream(gz);
        S3Client s3 = new S3Client() {
            @Override
            public ResponseInputStream<GetObjectResponse> getObject(GetObjectRequest request) {
                return new ResponseInputStream<>(GetObjectResponse.builder().contentLength((long) gz.length).build(),
                        AbortableInputStream.create(new InputStream() {
                            @Override
                            public int read() {
                                return body.read();
                            }

                            @Override
                            public int read(byte[] b, int off, int len) {
                                return body.read(b, off, len);
                            }

                            @Override
                            public void close() {
                                unread.set(body.available()); // Apache's ContentLengthInputStream would read these
                            }
                        }, () -> aborted.set(true)));
            }

            @Override
            public String serviceName() {
                return "s3";
            }

            @Override
            public void close() {
            }
        };
        S3FileSource source = new S3FileSource(s3, files, deadLetters, metrics, Duration.ofSeconds(5),
                Clock.systemUTC());
        FileOutcome outcome = source.ingest(new ObjectRef("b", KEY));
        assertInstanceOf(FileOutcome.DeadLettered.class, outcome, outcome.toString());
        assertTrue(aborted.get(), "not aborted; " + unread.get() + " of " + gz.length
                + " bytes left for close() to drain");
    }

    /**
     * The heartbeat must not renew a message after the worker untracked it and gave it its own visibility (0 on
     * release, the backoff on retry): the worker's decision must have the last word.
     */
    @Test
    void anInFlightBeatDoesNotOverrideARelease() throws Exception {
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch beatSnapshotted = new CountDownLatch(1);
        CountDownLatch released = new CountDownLatch(1);
        SqsClient sqs = new FakeSqs() {
            @Override
            public ChangeMessageVisibilityBatchResponse changeMessageVisibilityBatch(
                    ChangeMessageVisibilityBatchRequest r) {
                beatSnapshotted.countDown();
                await(released);
                r.entries().forEach(e -> calls.add(e.receiptHandle() + "=" + e.visibilityTimeout()));
                return ChangeMessageVisibilityBatchResponse.builder().build();
            }

            @Override
            public ChangeMessageVisibilityResponse changeMessageVisibility(ChangeMessageVisibilityRequest r) {
                calls.add(r.receiptHandle() + "=" + r.visibilityTimeout());
                return ChangeMessageVisibilityResponse.builder().build();
            }
        };
        VisibilityHeartbeat heartbeat = new VisibilityHeartbeat(sqs, "q", Duration.ofHours(1), metrics,
                Clock.systemUTC());
        try {
            heartbeat.track("h1");
            Thread beat = new Thread(heartbeat::beat);
            beat.start();
            assertTrue(beatSnapshotted.await(5, TimeUnit.SECONDS));
            // What QueueWorker.release does:
            heartbeat.untrack("h1");
            sqs.changeMessageVisibility(b -> b.queueUrl("q").receiptHandle("h1").visibilityTimeout(0));
            released.countDown();
            beat.join(5000);
            assertEquals("h1=0", calls.get(calls.size() - 1), "calls in order: " + calls);
        } finally {
            heartbeat.close();
        }
    }

    /**
     * An Error out of the handler (an OutOfMemoryError while reading, a NoClassDefFoundError...) must not leave the
     * batch renewed by the heartbeat with nobody working on it.
     */
    @Test
    void anErrorDoesNotKillTheWorkerAndStrandItsBatch() throws Exception {
        List<String> extended = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger receives = new AtomicInteger();
        SqsClient sqs = new FakeSqs() {
            @Override
            public ReceiveMessageResponse receiveMessage(ReceiveMessageRequest r) {
                if (receives.getAndIncrement() == 0) {
                    String body = "{\"s3Bucket\":\"b\",\"s3ObjectKey\":[\"" + KEY + "\"]}";
                    return ReceiveMessageResponse.builder().messages(
                            Message.builder().messageId("m1").receiptHandle("h1").body(body).build(),
                            Message.builder().messageId("m2").receiptHandle("h2").body(body).build()).build();
                }
                sleep(50);
                return ReceiveMessageResponse.builder().build();
            }

            @Override
            public ChangeMessageVisibilityBatchResponse changeMessageVisibilityBatch(
                    ChangeMessageVisibilityBatchRequest r) {
                r.entries().forEach(e -> extended.add(e.receiptHandle()));
                return ChangeMessageVisibilityBatchResponse.builder().build();
            }

            @Override
            public ChangeMessageVisibilityResponse changeMessageVisibility(ChangeMessageVisibilityRequest r) {
                return ChangeMessageVisibilityResponse.builder().build();
            }
        };
        S3Client s3 = new S3Client() {
            @Override
            public ResponseInputStream<GetObjectResponse> getObject(GetObjectRequest request) {
                throw new OutOfMemoryError("Java heap space (simulated)");
            }

            @Override
            public String serviceName() {
                return "s3";
            }

            @Override
            public void close() {
            }
        };
        VisibilityHeartbeat heartbeat = new VisibilityHeartbeat(sqs, "q", Duration.ofHours(1), metrics,
                Clock.systemUTC());
        CountDownLatch stopping = new CountDownLatch(1);
        MessageHandler handler = new MessageHandler(new NotificationParser(),
                new S3FileSource(s3, files, deadLetters, metrics, Duration.ofSeconds(5), Clock.systemUTC()),
                new CarriedEventPublisher(new EventPublisher(producer, "raw"), metrics, Duration.ofSeconds(5),
                        Clock.systemUTC()),
                deadLetters, metrics, Duration.ofSeconds(5), Clock.systemUTC(), "q");
        QueueWorker worker = new QueueWorker(new QueueSettings("q", 10, Duration.ofSeconds(1), Duration.ofHours(1),
                Duration.ofSeconds(15)), sqs, sqs, handler, heartbeat, metrics, Clock.systemUTC(), stopping);
        Thread t = new Thread(worker, "worker-under-test");
        t.setUncaughtExceptionHandler((th, e) -> { });
        try {
            t.start();
            t.join(2000);
            heartbeat.beat();
            boolean alive = t.isAlive();
            stopping.countDown();
            t.join(2000);
            assertTrue(alive, "the worker thread died; the heartbeat still renews " + extended);
            assertFalse(extended.contains("h2"), "h2 was never worked but is renewed: " + extended);
        } finally {
            stopping.countDown();
            heartbeat.close();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private abstract static class FakeSqs implements SqsClient {
        @Override
        public String serviceName() {
            return "sqs";
        }

        @Override
        public void close() {
        }
    }
}
