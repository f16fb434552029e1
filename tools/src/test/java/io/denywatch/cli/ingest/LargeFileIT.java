package io.denywatch.cli.ingest;

import io.denywatch.cli.bench.CorpusGenerator;
import io.denywatch.embedded.LocalStack;
import io.denywatch.embedded.StackExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Memory does not grow with file size: a 50 MB compressed CloudTrail file of a million events goes through a separate
 * {@code denywatch ingest} process whose heap is capped at 256 MB, which then stops cleanly on SIGTERM.
 */
@ExtendWith(StackExtension.class)
class LargeFileIT {

    private static final int EVENTS = 1_000_000;

    @Test
    void aFiftyMegabyteFileGoesThroughAnIngestorWith256MbOfHeap(LocalStack stack, @TempDir Path dir) throws Exception {
        CorpusGenerator.Corpus corpus = new CorpusGenerator().generate(
                new CorpusGenerator.Spec(1, EVENTS, 0.02, 500, 1, 7), dir.resolve("corpus"));
        Path file = corpus.files().get(0);
        long size = Files.size(file);
        assertTrue(size >= 45L << 20, "the file must be about 50 MB compressed to prove anything, was " + size);

        String id = UUID.randomUUID().toString().substring(0, 8);
        String bucket = "large-" + id;
        String topic = "large-raw-" + id;
        stack.createBucket(bucket);
        stack.createTopic(topic, 3);
        String queueUrl = stack.createQueue("large-" + id);
        String key = dir.resolve("corpus").relativize(file).toString();
        stack.s3().putObject(b -> b.bucket(bucket).key(key), file);
        stack.sqs().sendMessage(b -> b.queueUrl(queueUrl).messageBody("{\"Records\":[{\"eventSource\":\"aws:s3\","
                + "\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"" + bucket + "\"},"
                + "\"object\":{\"key\":\"" + URLEncoder.encode(key, StandardCharsets.UTF_8) + "\"}}}]}"));

        Path log = dir.resolve("ingest.log");
        int httpPort = freePort();
        Process ingest = startIngestor(stack, queueUrl, topic, log, httpPort);
        try {
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500)).until(() -> {
                if (!ingest.isAlive()) {
                    fail("the ingestor exited with " + ingest.exitValue() + ":\n" + tail(log));
                }
                return messagesOnQueue(stack, queueUrl) == 0;
            });
            assertEquals(EVENTS, endOffsets(stack, topic), "every event acknowledged exactly once");
            String metrics = get(httpPort, "/metrics").body();
            assertTrue(metrics.contains("denywatch_ingest_events_produced_total 1000000.0"), metrics);
            assertTrue(metrics.contains("denywatch_ingest_files_ok_total 1.0"), metrics);
            assertTrue(metrics.contains("denywatch_ingest_file_duration_seconds_bucket"), metrics);
            assertEquals(200, get(httpPort, "/health/ready").statusCode());
        } finally {
            ingest.destroy();
        }
        assertTrue(ingest.waitFor(60, TimeUnit.SECONDS), "SIGTERM stops the ingestor");
        assertEquals(143, ingest.exitValue(), "terminated by SIGTERM through the shutdown hook:\n" + tail(log));
        assertTrue(Files.readString(log).contains("Stopping: ingest finishes or releases its work, then closes"), tail(log));
    }

    private static Process startIngestor(LocalStack stack, String queueUrl, String topic, Path log, int httpPort)
            throws Exception {
        // The runtime jar, the one the image ships: built by cli/, which this module depends on.
        Path jar = Path.of("..", "cli", "target", "denywatch.jar");
        assertTrue(Files.exists(jar), "the runtime jar must be built before the integration tests: " + jar);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-jar",
                jar.toString(), "ingest",
                "--set", "kafka.bootstrap.servers=" + stack.kafkaBootstrapServers(),
                "--set", "aws.region=" + stack.region(),
                "--set", "aws.s3.endpoint=" + stack.s3Endpoint(),
                "--set", "aws.s3.path-style=true",
                "--set", "aws.sqs.endpoint=" + stack.sqsEndpoint(),
                "--set", "ingest.queue-url=" + queueUrl,
                "--set", "ingest.wait-time=1s",
                "--set", "topics.raw=" + topic,
                "--set", "topics.ingest-dlq=" + topic + ".dlq",
                "--set", "http.host=127.0.0.1",
                "--set", "http.port=" + httpPort);
        AwsCredentials credentials = stack.credentials().resolveCredentials();
        builder.environment().put("AWS_ACCESS_KEY_ID", credentials.accessKeyId());
        builder.environment().put("AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey());
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        return builder.start();
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static java.net.http.HttpResponse<String> get(int port, String path) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    private static int messagesOnQueue(LocalStack stack, String queueUrl) {
        Map<QueueAttributeName, String> a = stack.sqs().getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    private static long endOffsets(LocalStack stack, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.kafkaBootstrapServers()))) {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            for (int p = 0; p < partitions; p++) {
                request.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            return admin.listOffsets(request).all().get().values().stream().mapToLong(o -> o.offset()).sum();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (java.io.IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
