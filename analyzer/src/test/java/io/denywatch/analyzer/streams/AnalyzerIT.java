package io.denywatch.analyzer.streams;

import com.fasterxml.jackson.databind.JsonNode;
import io.denywatch.common.config.Config;
import io.denywatch.common.http.Health;
import io.denywatch.common.json.Json;
import io.denywatch.embedded.LocalStack;
import io.denywatch.embedded.SampleLogFiles;
import io.denywatch.embedded.StackExtension;
import io.denywatch.ingest.pipeline.IngestPipeline;
import io.denywatch.ingest.replay.Replayer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The analyzer on a real broker with exactly-once processing, fed through the real ingest path. */
@ExtendWith(StackExtension.class)
class AnalyzerIT {

    /** Events in the sample the header filter keeps: 60 denials and 2 console sign-ins (judged, not denials). */
    private static final int CANDIDATES = 62;

    @Test
    void everyRealDenialComesOutOnceThoughEveryFileWasDeliveredTwice(LocalStack stack, @TempDir Path dir)
            throws Exception {
        for (String name : SampleLogFiles.names()) {
            Files.write(dir.resolve(name), SampleLogFiles.bytes(name));
        }
        String id = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> settings = new HashMap<>();
        settings.put("kafka.bootstrap.servers", stack.kafkaBootstrapServers());
        settings.put("topics.raw", "raw-" + id);
        settings.put("topics.ingest-dlq", "ingest-dlq-" + id);
        settings.put("topics.denials", "denials-" + id);
        settings.put("topics.spikes", "spikes-" + id);
        settings.put("topics.analyzer-dlq", "analyzer-dlq-" + id);
        settings.put("topics.partitions", "3");
        settings.put("analyzer.application-id", "analyzer-" + id);
        settings.put("analyzer.state-dir", dir.resolve("state").toString());
        settings.put("analyzer.spike.learning-period", "0s");
        settings.put("kafka.commit.interval.ms", "200");
        Config config = Config.of(settings);

        // CloudTrail, S3 and SQS all deliver at least once: send the whole sample twice.
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (IngestPipeline pipeline = IngestPipeline.create(config, registry)) {
            Replayer replayer = new Replayer(pipeline.files());
            replayer.replayLocal(Replayer.localFiles(dir), s -> { });
            replayer.replayLocal(Replayer.localFiles(dir), s -> { });
        }

        try (Analyzer analyzer = Analyzer.start(config, registry, new Health())) {
            List<ConsumerRecord<String, String>> denials = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = readCommitted(stack, "denials-" + id)) {
                await().atMost(Duration.ofSeconds(90)).until(() -> {
                    consumer.poll(Duration.ofMillis(200)).forEach(denials::add);
                    return denials.size() >= 60;
                });
                // Nothing more arrives once every duplicate has been seen.
                await().atMost(Duration.ofSeconds(30)).until(() ->
                        count(registry, "denywatch.analyzer.duplicates.dropped") >= CANDIDATES);
                consumer.poll(Duration.ofSeconds(1)).forEach(denials::add);
            }
            assertEquals(60, denials.size(), "44 Client.UnauthorizedOperation + 16 AccessDenied, each once");
            Set<String> ids = new HashSet<>();
            int ec2 = 0;
            for (ConsumerRecord<String, String> r : denials) {
                JsonNode d = Json.mapper().readTree(r.value());
                ids.add(d.get("eventId").asText());
                assertEquals(d.at("/principal/identityArn").isNull() ? null : d.at("/principal/identityArn").asText(),
                        r.key());
                if (d.get("errorCode").asText().equals("Client.UnauthorizedOperation")) {
                    ec2++;
                }
            }
            assertEquals(60, ids.size());
            assertEquals(44, ec2);
            assertEquals(CANDIDATES, count(registry, "denywatch.analyzer.duplicates.dropped"),
                    "the second delivery of every event the header filter keeps");
            assertTrue(count(registry, "denywatch.analyzer.events") >= 2 * 2900);
        }
    }

    private static double count(SimpleMeterRegistry registry, String name) {
        return registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
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
