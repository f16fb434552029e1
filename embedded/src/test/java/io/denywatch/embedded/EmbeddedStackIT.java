package io.denywatch.embedded;

import static io.denywatch.embedded.KafkaTestClients.consume;
import static io.denywatch.embedded.KafkaTestClients.producer;
import static io.denywatch.embedded.KafkaTestClients.values;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The stack through the real Kafka clients and AWS SDK: what the pipeline and its tests will rely on. */
@ExtendWith(StackExtension.class)
class EmbeddedStackIT {

    private final LocalStack stack;

    EmbeddedStackIT(LocalStack stack) {
        this.stack = stack;
    }

    @Nested
    class Kafka {

        @Test
        void deliversEveryProducedRecordToAConsumerGroup() {
            String topic = "it-plain";
            stack.createTopic(topic, 3);
            List<String> sent = IntStream.range(0, 30).mapToObj(i -> "record-" + i).toList();

            try (KafkaProducer<String, String> producer = producer(stack.kafkaBootstrapServers(), Map.of())) {
                for (String value : sent) {
                    producer.send(new ProducerRecord<>(topic, "key-" + value, value));
                }
                producer.flush();
            }

            List<ConsumerRecord<String, String>> received =
                    consume(stack.kafkaBootstrapServers(), topic, sent.size(), IsolationLevel.READ_UNCOMMITTED);
            assertEquals(Set.copyOf(sent), Set.copyOf(values(received)));
            assertEquals(sent.size(), received.size(), "no record may be delivered twice");
            Set<Integer> partitions = new HashSet<>();
            received.forEach(record -> partitions.add(record.partition()));
            assertEquals(3, partitions.size(), "keys spread over all three partitions");
        }

        @Test
        void readCommittedConsumerSeesOnlyCommittedTransactions() {
            String topic = "it-transactions";
            stack.createTopic(topic, 1);

            Map<String, Object> transactional = Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "it-transactions-tx");
            try (KafkaProducer<String, String> producer = producer(stack.kafkaBootstrapServers(), transactional)) {
                producer.initTransactions();
                sendInTransaction(producer, topic, List.of("committed-1", "committed-2"));
                producer.commitTransaction();
                sendInTransaction(producer, topic, List.of("aborted-1", "aborted-2"));
                // Flushed first, so the aborted records do reach the log rather than being dropped unsent.
                producer.flush();
                producer.abortTransaction();
                sendInTransaction(producer, topic, List.of("committed-3"));
                producer.commitTransaction();
            }

            List<String> committed = values(
                    consume(stack.kafkaBootstrapServers(), topic, 3, IsolationLevel.READ_COMMITTED));
            assertEquals(List.of("committed-1", "committed-2", "committed-3"), committed);
            // The aborted records are in the log: only the isolation level keeps them from the first consumer.
            List<String> everything = values(
                    consume(stack.kafkaBootstrapServers(), topic, 5, IsolationLevel.READ_UNCOMMITTED));
            assertEquals(List.of("committed-1", "committed-2", "aborted-1", "aborted-2", "committed-3"), everything);
        }

        private void sendInTransaction(KafkaProducer<String, String> producer, String topic, List<String> values) {
            producer.beginTransaction();
            values.forEach(value -> producer.send(new ProducerRecord<>(topic, value)));
        }

        @Test
        void producerSurvivesABrokerRestart() throws Exception {
            assumeTrue(stack instanceof EmbeddedStack, "only the embedded broker can be restarted in place");
            EmbeddedKafka kafka = ((EmbeddedStack) stack).kafka();
            String topic = "it-restart";
            stack.createTopic(topic, 1);
            List<String> duringOutage = IntStream.range(0, 5).mapToObj(i -> "during-outage-" + i).toList();
            List<Future<RecordMetadata>> acks = new CopyOnWriteArrayList<>();
            AtomicBoolean allHandedOver = new AtomicBoolean();

            try (KafkaProducer<String, String> producer = producer(stack.kafkaBootstrapServers(), Map.of())) {
                producer.send(new ProducerRecord<>(topic, "before-restart")).get(30, TimeUnit.SECONDS);
                Thread application = new Thread(() -> {
                    // send() may block here: a broker in controlled shutdown can answer a metadata refresh without
                    // the topic, and the producer then waits (up to max.block.ms) for the topic to reappear.
                    duringOutage.forEach(value -> acks.add(producer.send(new ProducerRecord<>(topic, value))));
                    allHandedOver.set(true);
                }, "it-outage-producer");

                try {
                    kafka.stop();
                    assertFalse(kafka.isRunning());
                    application.start();
                    // Restart only once the producer holds every record or is blocked waiting for the broker, so
                    // the records are handed over while the broker is really down.
                    await().atMost(Duration.ofSeconds(30)).until(() -> allHandedOver.get()
                            || application.getState() == Thread.State.TIMED_WAITING);
                    kafka.restart();
                    application.join(Duration.ofSeconds(60).toMillis());
                } finally {
                    // Later tests share this broker.
                    if (!kafka.isRunning()) {
                        kafka.restart();
                    }
                }
                assertTrue(allHandedOver.get(), "the producer accepted every record");
                for (Future<RecordMetadata> ack : acks) {
                    ack.get(60, TimeUnit.SECONDS);
                }
            }

            List<String> expected = new ArrayList<>(List.of("before-restart"));
            expected.addAll(duringOutage);
            List<String> received = values(consume(stack.kafkaBootstrapServers(), topic, expected.size(),
                    IsolationLevel.READ_UNCOMMITTED));
            assertEquals(expected, received, "every record exactly once, in order");
        }
    }

    @Nested
    class S3 {

        private static final String BUCKET = "it-objects";

        @AfterEach
        void clearFaults() {
            if (stack instanceof EmbeddedStack embedded) {
                embedded.s3Faults().reset();
            }
        }

        @Test
        void storesAndReturnsAnObject() {
            stack.createBucket(BUCKET);
            byte[] content = "{\"Records\":[]}".getBytes(StandardCharsets.UTF_8);

            stack.s3().putObject(request -> request.bucket(BUCKET).key("AWSLogs/1/small.json")
                    .contentType("application/json"), RequestBody.fromBytes(content));

            ResponseBytes<GetObjectResponse> object =
                    stack.s3().getObjectAsBytes(request -> request.bucket(BUCKET).key("AWSLogs/1/small.json"));
            assertArrayEquals(content, object.asByteArray());
            assertEquals("application/json", object.response().contentType());
            List<String> keys = stack.s3().listObjectsV2(request -> request.bucket(BUCKET).prefix("AWSLogs/1/"))
                    .contents().stream().map(S3Object::key).toList();
            assertEquals(List.of("AWSLogs/1/small.json"), keys);
        }

        @Test
        void filesystemStoreStreamsALargeObjectThroughDisk() throws Exception {
            int size = 5 * 1024 * 1024;
            byte[] content = new byte[size];
            new Random(42).nextBytes(content);

            try (EmbeddedS3 server = EmbeddedS3.start(S3Store.FILESYSTEM);
                    S3Client client = AwsClients.s3(server.endpoint(), LocalStack.REGION,
                            AwsClients.STATIC_CREDENTIALS)) {
                S3Buckets.create(client, BUCKET);
                client.putObject(request -> request.bucket(BUCKET).key("big.json.gz"), RequestBody.fromBytes(content));

                Path storageDir = server.storageDir().orElseThrow();
                assertTrue(filesOf(storageDir).anyMatch(file -> sizeOf(file) == size),
                        "the object is a file in " + storageDir);
                try (InputStream body = client.getObject(request -> request.bucket(BUCKET).key("big.json.gz"))) {
                    assertArrayEquals(sha256(content), sha256(body));
                }
            }
        }

        @Test
        void injectedDelayHoldsGetObject() {
            assumeTrue(stack instanceof EmbeddedStack, "faults are injected by the embedded S3");
            S3Faults faults = ((EmbeddedStack) stack).s3Faults();
            putSmallObject("slow.json");
            Duration delay = Duration.ofMillis(600);

            faults.delayGetObject(delay);
            long started = System.nanoTime();
            byte[] body = stack.s3().getObjectAsBytes(request -> request.bucket(BUCKET).key("slow.json"))
                    .asByteArray();
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertEquals("{}", new String(body, StandardCharsets.UTF_8));
            assertTrue(took.compareTo(delay) >= 0, "GetObject took " + took + ", less than the injected " + delay);
        }

        @Test
        void sdkRetriesThrottledGetObjectUntilItSucceeds() {
            assumeTrue(stack instanceof EmbeddedStack, "faults are injected by the embedded S3");
            S3Faults faults = ((EmbeddedStack) stack).s3Faults();
            putSmallObject("throttled.json");

            faults.failNextGetObjects(2, S3Faults.Failure.SLOW_DOWN);
            byte[] body = stack.s3().getObjectAsBytes(request -> request.bucket(BUCKET).key("throttled.json"))
                    .asByteArray();

            assertEquals("{}", new String(body, StandardCharsets.UTF_8));
            assertEquals(2, faults.getObjectFailuresServed(), "two attempts were refused before the third succeeded");
        }

        @Test
        void injectedFailureReachesTheClientAsAnS3ErrorResponse() {
            assumeTrue(stack instanceof EmbeddedStack, "faults are injected by the embedded S3");
            S3Faults faults = ((EmbeddedStack) stack).s3Faults();
            putSmallObject("unavailable.json");

            faults.failNextGetObjects(1, S3Faults.Failure.SLOW_DOWN);
            try (S3Client noRetries = S3Client.builder()
                    .endpointOverride(stack.s3Endpoint())
                    .region(Region.of(stack.region()))
                    .credentialsProvider(stack.credentials())
                    .forcePathStyle(true)
                    .httpClientBuilder(ApacheHttpClient.builder())
                    .overrideConfiguration(config -> config.retryStrategy(AwsRetryStrategy.doNotRetry()))
                    .build()) {
                S3Exception refused = assertThrows(S3Exception.class,
                        () -> noRetries.getObjectAsBytes(request -> request.bucket(BUCKET).key("unavailable.json")));
                assertEquals(503, refused.statusCode());
                assertEquals("SlowDown", refused.awsErrorDetails().errorCode());
            }
        }

        private void putSmallObject(String key) {
            stack.createBucket(BUCKET);
            stack.s3().putObject(request -> request.bucket(BUCKET).key(key), RequestBody.fromString("{}"));
        }
    }

    @Nested
    class Sqs {

        @Test
        void deliversAndDeletesMessages() {
            SqsClient sqs = stack.sqs();
            String queue = stack.createQueue("it-basic");
            Set<String> sent = Set.of("one", "two", "three");
            sent.forEach(body -> sqs.sendMessage(request -> request.queueUrl(queue).messageBody(body)));

            List<Message> received = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                received.addAll(sqs.receiveMessage(request -> request.queueUrl(queue).maxNumberOfMessages(10)
                        .waitTimeSeconds(1)).messages());
                return received.size() >= sent.size();
            });
            assertEquals(sent, Set.copyOf(received.stream().map(Message::body).toList()));

            received.forEach(message -> sqs.deleteMessage(request -> request.queueUrl(queue)
                    .receiptHandle(message.receiptHandle())));
            Map<QueueAttributeName, String> counts = sqs.getQueueAttributes(request -> request.queueUrl(queue)
                    .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
            assertEquals("0", counts.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
            assertEquals("0", counts.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
        }

        @Test
        void changeMessageVisibilityReturnsAMessageToTheQueue() {
            SqsClient sqs = stack.sqs();
            String queue = stack.createQueue("it-visibility");
            sqs.sendMessage(request -> request.queueUrl(queue).messageBody("retry me"));

            Message first = receiveOne(sqs, queue, 30);
            assertTrue(sqs.receiveMessage(request -> request.queueUrl(queue).waitTimeSeconds(0)).messages().isEmpty(),
                    "a received message stays hidden for its visibility timeout");

            sqs.changeMessageVisibility(request -> request.queueUrl(queue).receiptHandle(first.receiptHandle())
                    .visibilityTimeout(0));
            Message second = receiveOne(sqs, queue, 30);

            assertEquals(first.messageId(), second.messageId());
            assertEquals("2", second.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT));
        }

        @Test
        void redrivesAMessageToTheDeadLetterQueueAfterMaxReceiveCount() {
            SqsClient sqs = stack.sqs();
            String deadLetters = stack.createQueue("it-redrive-dlq");
            String queue = stack.createQueue("it-redrive", deadLetters, 2);
            sqs.sendMessage(request -> request.queueUrl(queue).messageBody("poison"));

            // Received twice and never deleted, as a consumer that keeps failing would.
            receiveOne(sqs, queue, 0);
            receiveOne(sqs, queue, 0);

            List<Message> moved = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                assertTrue(sqs.receiveMessage(request -> request.queueUrl(queue).visibilityTimeout(0))
                        .messages().isEmpty(), "a message past maxReceiveCount is not delivered again");
                moved.addAll(sqs.receiveMessage(request -> request.queueUrl(deadLetters).waitTimeSeconds(1))
                        .messages());
                return !moved.isEmpty();
            });
            assertEquals("poison", moved.get(0).body());
        }

        /** Receives the next message, waiting for it, and hides it for {@code visibilitySeconds}. */
        private Message receiveOne(SqsClient sqs, String queue, int visibilitySeconds) {
            List<Message> received = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                received.addAll(sqs.receiveMessage(request -> request.queueUrl(queue).waitTimeSeconds(1)
                        .visibilityTimeout(visibilitySeconds)
                        .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
                        .messages());
                return !received.isEmpty();
            });
            assertEquals(1, received.size());
            return received.get(0);
        }
    }

    private static Stream<Path> filesOf(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] sha256(byte[] content) throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256").digest(content);
    }

    private static byte[] sha256(InputStream body) throws IOException, NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (DigestInputStream in = new DigestInputStream(body, digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return digest.digest();
    }
}
