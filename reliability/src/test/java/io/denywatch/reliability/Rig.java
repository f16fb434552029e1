package io.denywatch.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import io.denywatch.analyzer.query.DenialQueries;
import io.denywatch.analyzer.query.QueryDimension;
import io.denywatch.analyzer.query.QueryStores;
import io.denywatch.analyzer.query.RankedKey;
import io.denywatch.analyzer.streams.Analyzer;
import io.denywatch.common.config.Config;
import io.denywatch.common.json.Json;
import io.denywatch.embedded.EmbeddedStack;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * One fault test's world on a stack: its own bucket, queue and topics, the settings every role reads, and ways to
 * look at the outcome — what is left on the queue, how far a consumer group got, what came out on the denials topic.
 */
final class Rig {

    final EmbeddedStack stack;
    final String id = UUID.randomUUID().toString().substring(0, 8);
    final String bucket = "trail-" + id;
    final String queueUrl;
    final Path dir;

    Rig(EmbeddedStack stack, Path dir) {
        this.stack = stack;
        this.dir = dir;
        // In-process roles take AWS credentials from the SDK's default chain, as in production.
        System.setProperty("aws.accessKeyId", stack.credentials().resolveCredentials().accessKeyId());
        System.setProperty("aws.secretAccessKey", stack.credentials().resolveCredentials().secretAccessKey());
        stack.createBucket(bucket);
        this.queueUrl = stack.createQueue("notifications-" + id);
    }

    String raw() {
        return "raw-" + id;
    }

    String denials() {
        return "denials-" + id;
    }

    String spikes() {
        return "spikes-" + id;
    }

    String applicationId() {
        return "analyzer-" + id;
    }

    /** The settings of all three roles for this rig, plus {@code extra}. */
    Map<String, String> settings(Map<String, String> extra) {
        Map<String, String> s = new HashMap<>();
        s.put("kafka.bootstrap.servers", stack.kafkaBootstrapServers());
        s.put("aws.region", stack.region());
        s.put("aws.s3.endpoint", stack.s3Endpoint().toString());
        s.put("aws.s3.path-style", "true");
        s.put("aws.sqs.endpoint", stack.sqsEndpoint().toString());
        s.put("ingest.queue-url", queueUrl);
        s.put("ingest.wait-time", "1s");
        s.put("ingest.visibility-timeout", "6s");
        s.put("ingest.retry-backoff", "1s");
        s.put("topics.raw", raw());
        s.put("topics.ingest-dlq", "ingest-dlq-" + id);
        s.put("topics.denials", denials());
        s.put("topics.spikes", spikes());
        s.put("topics.analyzer-dlq", "analyzer-dlq-" + id);
        s.put("topics.alerts-dlq", "alerts-dlq-" + id);
        s.put("topics.alerts-ledger", "alerts-ledger-" + id);
        s.put("topics.partitions", "3");
        s.put("analyzer.application-id", applicationId());
        s.put("analyzer.state-dir", dir.resolve("state-" + UUID.randomUUID()).toString());
        s.put("analyzer.spike.learning-period", "0s");
        s.put("kafka.commit.interval.ms", "200");
        s.put("alerts.group-id", "alerts-" + id);
        s.putAll(extra);
        return s;
    }

    Config config(Map<String, String> extra) {
        return Config.of(settings(extra));
    }

    /** Uploads the files and sends one S3 notification per file, as a trail bucket does. */
    void deliver(Corpus corpus) {
        for (Corpus.File file : corpus.files) {
            stack.s3().putObject(b -> b.bucket(bucket).key(file.key()), file.path());
            notify(file.key());
        }
    }

    void notify(String key) {
        stack.sqs().sendMessage(b -> b.queueUrl(queueUrl).messageBody("{\"Records\":[{\"eventVersion\":\"2.1\","
                + "\"eventSource\":\"aws:s3\",\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\""
                + bucket + "\"},\"object\":{\"key\":\"" + URLEncoder.encode(key, StandardCharsets.UTF_8) + "\"}}}]}"));
    }

    /** Messages still on the queue, visible or in flight. */
    int backlog() {
        Map<QueueAttributeName, String> a = stack.sqs().getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    /** True when {@code group} has committed every record of {@code topic} (transaction markers included). */
    boolean consumed(String group, String topic) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.kafkaBootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(20, TimeUnit.SECONDS);
            var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(20, TimeUnit.SECONDS)
                    .get(topic).partitions();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            for (var end : admin.listOffsets(latest).all().get(20, TimeUnit.SECONDS).entrySet()) {
                OffsetAndMetadata at = committed.get(end.getKey());
                if (end.getValue().offset() > 0 && (at == null || at.offset() < end.getValue().offset())) {
                    return false;
                }
            }
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** Records in a topic (end offsets summed; transaction markers count too). */
    long size(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.kafkaBootstrapServers()))) {
            var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(20, TimeUnit.SECONDS)
                    .get(topic).partitions();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get(20, TimeUnit.SECONDS).values().stream()
                    .mapToLong(i -> i.offset()).sum();
        }
    }

    /** Every committed record of the denials topic: eventId → how many times it came out. */
    Map<String, Integer> denialsOut() throws Exception {
        Map<String, Integer> seen = new HashMap<>();
        for (JsonNode denial : readAll(denials())) {
            seen.merge(denial.get("eventId").asText(), 1, Integer::sum);
        }
        return seen;
    }

    /** Every committed record of a topic, parsed. */
    List<JsonNode> readAll(String topic) throws Exception {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        java.util.ArrayList<JsonNode> out = new java.util.ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    out.add(Json.mapper().readTree(r.value()));
                }
            }
        }
        return out;
    }

    /** The denials topic once it holds at least every denial of the corpus (or what it holds after a minute). */
    Map<String, Integer> awaitDenials(Corpus corpus) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Map<String, Integer> out = denialsOut();
        while (!out.keySet().containsAll(corpus.denials) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            out = denialsOut();
        }
        return out;
    }

    /**
     * Waits until the analyzers' per-principal counts equal the corpus' ground truth; the counts are kept a
     * repartition away from the raw topic, so they settle a little after the raw topic is consumed.
     */
    static void awaitCounts(Corpus corpus, List<Analyzer> analyzers) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Map<String, Long> counted = countedPerPrincipal(analyzers, corpus.start);
        while (!counted.equals(corpus.perPrincipal) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            counted = countedPerPrincipal(analyzers, corpus.start);
        }
        if (!counted.equals(corpus.perPrincipal)) {
            Map<String, Long> last = counted;
            Map<String, String> diff = new java.util.TreeMap<>();
            for (String p : new java.util.TreeSet<>(corpus.perPrincipal.keySet())) {
                if (!corpus.perPrincipal.get(p).equals(last.get(p))) {
                    diff.put(p, "expected " + corpus.perPrincipal.get(p) + ", counted " + last.get(p));
                }
            }
            last.keySet().stream().filter(p -> !corpus.perPrincipal.containsKey(p))
                    .forEach(p -> diff.put(p, "not in the corpus, counted " + last.get(p)));
            throw new AssertionError("per-principal counts differ from the ground truth: " + diff);
        }
    }

    /** Denials per principal over the corpus' ten minutes, from the analyzers' own counts (summed over instances). */
    static Map<String, Long> countedPerPrincipal(List<Analyzer> analyzers, Instant start) {
        Map<String, Long> counts = new HashMap<>();
        for (Analyzer analyzer : analyzers) {
            List<RankedKey> top = new DenialQueries(QueryStores.of(analyzer.streams())).top(QueryDimension.PRINCIPAL,
                    start.plus(Duration.ofMinutes(11)), Duration.ofMinutes(12), 10_000);
            top.forEach(r -> counts.merge(r.key(), r.count(), Long::sum));
        }
        return counts;
    }
}
