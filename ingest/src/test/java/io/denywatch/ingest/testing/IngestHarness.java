package io.denywatch.ingest.testing;

import io.denywatch.common.config.Config;
import io.denywatch.common.http.Health;
import io.denywatch.embedded.LocalStack;
import io.denywatch.ingest.Ingestor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One isolated ingest setup on the shared local stack: its own bucket, queue and topics, an ingestor configured for
 * them, and helpers to feed it and read what it wrote.
 */
public final class IngestHarness implements AutoCloseable {

    public final LocalStack stack;
    public final String bucket;
    public final String queueUrl;
    public final String rawTopic;
    public final String dlqTopic;
    public final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, String> settings = new HashMap<>();
    private Ingestor ingestor;

    public IngestHarness(LocalStack stack) {
        this.stack = stack;
        String id = UUID.randomUUID().toString().substring(0, 8);
        this.bucket = "trail-" + id;
        this.rawTopic = "raw-" + id;
        this.dlqTopic = "dlq-" + id;
        stack.createBucket(bucket);
        this.queueUrl = stack.createQueue("notify-" + id);
        AwsCredentials credentials = stack.credentials().resolveCredentials();
        // The ingestor takes credentials from the SDK's default chain only; system properties are part of it.
        System.setProperty("aws.accessKeyId", credentials.accessKeyId());
        System.setProperty("aws.secretAccessKey", credentials.secretAccessKey());
        settings.put("kafka.bootstrap.servers", stack.kafkaBootstrapServers());
        settings.put("aws.region", stack.region());
        settings.put("aws.s3.endpoint", stack.s3Endpoint().toString());
        settings.put("aws.s3.path-style", "true");
        settings.put("aws.sqs.endpoint", stack.sqsEndpoint().toString());
        settings.put("ingest.queue-url", queueUrl);
        settings.put("ingest.wait-time", "1s");
        settings.put("ingest.workers", "2");
        settings.put("ingest.retry-backoff", "1s");
        settings.put("topics.raw", rawTopic);
        settings.put("topics.ingest-dlq", dlqTopic);
        settings.put("topics.partitions", "3");
    }

    /** Sets a setting for the ingestor started next. */
    public IngestHarness with(String key, String value) {
        settings.put(key, value);
        return this;
    }

    public Config config() {
        return Config.of(settings);
    }

    public IngestHarness start() {
        ingestor = Ingestor.start(config(), registry, new Health());
        return this;
    }

    public void stop() {
        if (ingestor != null) {
            ingestor.close();
            ingestor = null;
        }
    }

    public void put(String key, byte[] content) {
        stack.s3().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(content));
    }

    public void send(String body) {
        stack.sqs().sendMessage(b -> b.queueUrl(queueUrl).messageBody(body));
    }

    /** Messages on the queue, visible or in flight. */
    public int messagesOnQueue() {
        Map<QueueAttributeName, String> attributes = stack.sqs().getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    /** The sum of a counter over all its tags. */
    public double count(String meter) {
        return Search.in(registry).name(meter).counters().stream().mapToDouble(Counter::count).sum();
    }

    public double count(String meter, String tag, String value) {
        return Search.in(registry).name(meter).tag(tag, value).counters().stream().mapToDouble(Counter::count).sum();
    }

    /** Everything on a topic, read from the beginning until {@code expected} records arrived or the time ran out. */
    public List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected, Duration timeout) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            // One more short poll shows whether more than expected arrived.
            consumer.poll(Duration.ofMillis(500)).forEach(out::add);
        }
        return out;
    }

    @Override
    public void close() {
        stop();
    }
}
