package io.denywatch.analyzer.streams;

import com.fasterxml.jackson.databind.JsonNode;
import io.denywatch.common.config.Config;
import io.denywatch.common.http.Health;
import io.denywatch.common.json.Json;
import io.denywatch.embedded.LocalStack;
import io.denywatch.embedded.StackExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Denials read while the analyzer keeps up commit early: with a commit interval of ten minutes, a burst's incident
 * is still committed on the spike topic within the test's patience, which only the early commits can do. The mark
 * that carries the request between the analyzer's stages never reaches a published topic.
 */
@ExtendWith(StackExtension.class)
class EarlyCommitIT {

    @Test
    void aBurstReadWhileKeepingUpIsCommittedWithoutWaitingForTheInterval(LocalStack stack, @TempDir Path dir)
            throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> settings = new HashMap<>();
        settings.put("kafka.bootstrap.servers", stack.kafkaBootstrapServers());
        settings.put("topics.raw", "raw-" + id);
        settings.put("topics.denials", "denials-" + id);
        settings.put("topics.spikes", "spikes-" + id);
        settings.put("topics.analyzer-dlq", "analyzer-dlq-" + id);
        settings.put("topics.partitions", "3");
        settings.put("analyzer.application-id", "analyzer-" + id);
        settings.put("analyzer.state-dir", dir.resolve("state").toString());
        settings.put("analyzer.spike.learning-period", "0s");
        settings.put("kafka.commit.interval.ms", Long.toString(Duration.ofMinutes(10).toMillis()));
        // Kafka Streams refuses a transaction timeout shorter than the interval; the broker allows up to 15 minutes.
        settings.put("kafka.producer.transaction.timeout.ms", Long.toString(Duration.ofMinutes(12).toMillis()));
        Config config = Config.of(settings);

        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Analyzer analyzer = Analyzer.start(config, registry, new Health());
             KafkaConsumer<String, String> spikes = readCommitted(stack, "spikes-" + id);
             KafkaConsumer<String, String> denials = readCommitted(stack, "denials-" + id)) {
            await("the analyzer running").atMost(Duration.ofSeconds(60))
                    .until(() -> analyzer.streams().state() == org.apache.kafka.streams.KafkaStreams.State.RUNNING);
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            try (KafkaProducer<byte[], byte[]> producer = producer(stack)) {
                for (int i = 0; i < 12; i++) {
                    TestRecord<byte[], byte[]> r = RawEvents.scpDenial("early-" + i, "deploy", now.minusSeconds(12 - i));
                    producer.send(new ProducerRecord<>("raw-" + id, null, r.key(), r.value(), r.headers()));
                }
            }

            String deploy = "arn:aws:iam::" + RawEvents.ACCOUNT + ":role/deploy";
            List<JsonNode> incidents = new ArrayList<>();
            await("an incident committed long before the ten-minute interval").atMost(Duration.ofSeconds(60))
                    .until(() -> {
                        spikes.poll(Duration.ofMillis(200)).forEach(r -> incidents.add(json(r.value())));
                        // The deploy role's own incident (the account's opens beside it, in either order).
                        return incidents.stream().anyMatch(m -> m.get("state").asText().equals("OPEN")
                                && deploy.equals(m.at("/key/principal").asText(null)));
                    });
            List<ConsumerRecord<String, String>> published = new ArrayList<>();
            await("the denials committed too").atMost(Duration.ofSeconds(60)).until(() -> {
                denials.poll(Duration.ofMillis(200)).forEach(published::add);
                return published.size() == 12;
            });
            for (ConsumerRecord<String, String> r : published) {
                assertNull(r.headers().lastHeader(EarlyCommit.HEADER), "the mark is internal");
            }
        }
    }

    private static JsonNode json(String s) {
        try {
            return Json.mapper().readTree(s);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(LocalStack stack) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static KafkaConsumer<String, String> readCommitted(LocalStack stack, String topic) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props);
        consumer.subscribe(List.of(topic));
        return consumer;
    }
}
