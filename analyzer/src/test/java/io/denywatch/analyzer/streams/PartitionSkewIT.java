package io.denywatch.analyzer.streams;

import com.fasterxml.jackson.databind.JsonNode;
import io.denywatch.common.config.Config;
import io.denywatch.common.http.Health;
import io.denywatch.common.http.HttpEndpoint;
import io.denywatch.common.json.Json;
import io.denywatch.common.metrics.Metrics;
import io.denywatch.analyzer.query.QueryApi;
import io.denywatch.embedded.LocalStack;
import io.denywatch.embedded.StackExtension;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One raw partition read far ahead of another, as when the analyzer catches up on a backlog and its tasks start or
 * are fetched unevenly: the partition behind still has every denial counted, because lateness is judged per raw
 * partition and not against the stream time of the merged, repartitioned stream.
 */
@ExtendWith(StackExtension.class)
class PartitionSkewIT {

    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    /** Far more than size plus grace (20 minutes), well within the default partition skew (2 hours). */
    private static final Duration AHEAD = Duration.ofMinutes(90);
    private static final int DENIALS = 12;
    private static final int PARTITIONS = 2;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void denialsOfAPartitionReadBehindAnotherAreStillCounted(LocalStack stack, @TempDir Path dir) throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> settings = new HashMap<>();
        settings.put("kafka.bootstrap.servers", stack.kafkaBootstrapServers());
        settings.put("topics.raw", "raw-" + id);
        settings.put("topics.denials", "denials-" + id);
        settings.put("topics.spikes", "spikes-" + id);
        settings.put("topics.analyzer-dlq", "analyzer-dlq-" + id);
        settings.put("topics.partitions", Integer.toString(PARTITIONS));
        settings.put("analyzer.application-id", "analyzer-" + id);
        settings.put("analyzer.state-dir", dir.toString());
        settings.put("kafka.commit.interval.ms", "200");
        Config config = Config.of(settings);

        // Both roles' counts meet in one partition of the query counts' repartition topic, whose stream time the
        // role read ahead moves: the case in which merged stream time would drop the other's denials as late.
        String ahead = "ahead";
        String behind = sameCountPartitionAs(ahead);

        PrometheusMeterRegistry registry = Metrics.newRegistry();
        Health health = new Health();
        try (HttpEndpoint endpoint = HttpEndpoint.start("localhost", 0, registry, health);
             Analyzer analyzer = Analyzer.start(config, registry, health)) {
            QueryApi.register(endpoint, analyzer.streams(), config);
            String top = "http://localhost:" + endpoint.port() + QueryApi.TOP_PATH + "?dimension=principal&range=10m"
                    + "&at=";

            produce(stack, "raw-" + id, 0, ahead, T0.plus(AHEAD));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                    assertEquals(DENIALS, count(top + T0.plus(AHEAD).plusSeconds(300), ahead)));

            produce(stack, "raw-" + id, 1, behind, T0);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                    assertEquals(DENIALS, count(top + T0.plusSeconds(300), behind)));
            assertEquals(0.0, registry.get("denywatch.analyzer.late.events").counter().count(),
                    "on its own partition, no denial came late");
        }
    }

    /** A role name whose query-count key lands on the same partition as {@code role}'s. */
    private static String sameCountPartitionAs(String role) {
        int target = partitionOf(role);
        for (int i = 0; ; i++) {
            String candidate = "behind-" + i;
            if (partitionOf(candidate) == target) {
                return candidate;
            }
        }
    }

    private static int partitionOf(String role) {
        byte[] key = (QueryCounts.PRINCIPAL_PREFIX + "arn:aws:iam::" + RawEvents.ACCOUNT + ":role/" + role)
                .getBytes(StandardCharsets.UTF_8);
        return Utils.toPositive(Utils.murmur2(key)) % PARTITIONS;
    }

    private long count(String url, String role) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        for (JsonNode row : Json.mapper().readTree(response.body()).get("top")) {
            if (row.get("key").asText().endsWith(":role/" + role)) {
                return row.get("count").asLong();
            }
        }
        return 0;
    }

    private static void produce(LocalStack stack, String topic, int partition, String role, Instant from) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int n = 0; n < DENIALS; n++) {
                TestRecord<byte[], byte[]> r = RawEvents.scpDenial(role + "-" + n, role, from.plusSeconds(10L * n));
                producer.send(new ProducerRecord<>(topic, partition, r.key(), r.value(), r.headers()));
            }
            producer.flush();
        }
    }
}
