package io.denywatch.analyzer.streams;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.denywatch.analyzer.query.QueryApi;
import io.denywatch.common.config.Config;
import io.denywatch.common.http.Health;
import io.denywatch.common.http.HttpEndpoint;
import io.denywatch.common.json.Json;
import io.denywatch.common.metrics.Metrics;
import io.denywatch.embedded.LocalStack;
import io.denywatch.embedded.StackExtension;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
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
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two analyzer instances on a real broker, sharing the partitions, each answering the query API for the whole to the
 * bearer of their shared token, and to no one else.
 */
@ExtendWith(StackExtension.class)
class QueryApiIT {

    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    private static final String ROLE = "arn:aws:iam::123456789012:role/";
    /** Roles r0..r15 are denied 1..16 times: distinct counts, so the expected ranking is unambiguous. */
    private static final int ROLES = 16;
    private static final String TOP = "/api/top?dimension=principal&range=15m&limit=20&at=" + T0.plusSeconds(300);
    private static final String TOKEN = "itq-" + UUID.randomUUID();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void eitherInstanceAnswersTheTokensBearerTheCompleteTotalsAndEveryOpenIncident(LocalStack stack,
                                                                                   @TempDir Path dir)
            throws Exception {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(logs);
        try {
            answersTheTokensBearer(stack, dir);
        } finally {
            root.detachAppender(logs);
        }

        assertTrue(logs.list.stream().anyMatch(e -> e.getFormattedMessage().contains("requires the bearer token from"
                + " http.api-token-file")), "each instance says its query API is guarded");
        for (ILoggingEvent event : logs.list) {
            String line = event.getFormattedMessage() + (event.getThrowableProxy() == null ? ""
                    : event.getThrowableProxy().getMessage());
            assertFalse(line.contains(TOKEN), "the token was logged: " + line);
        }
    }

    private void answersTheTokensBearer(LocalStack stack, Path dir) throws Exception {
        Path tokenFile = dir.resolve("api-token");
        Files.writeString(tokenFile, TOKEN + "\n");
        String id = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> shared = new HashMap<>();
        shared.put("kafka.bootstrap.servers", stack.kafkaBootstrapServers());
        shared.put("topics.raw", "raw-" + id);
        shared.put("topics.denials", "denials-" + id);
        shared.put("topics.spikes", "spikes-" + id);
        shared.put("topics.analyzer-dlq", "analyzer-dlq-" + id);
        shared.put("topics.partitions", "3");
        shared.put("analyzer.application-id", "analyzer-" + id);
        shared.put("analyzer.spike.learning-period", "0s");
        shared.put("kafka.commit.interval.ms", "200");
        shared.put("http.api-token-file", tokenFile.toString());

        try (Instance a = Instance.start(shared, dir.resolve("a"));
             Instance b = Instance.start(shared, dir.resolve("b"))) {
            produceDenials(stack, "raw-" + id);
            Set<String> opened = openedIncidents(stack, "spikes-" + id, 2 * (ROLES - 9) + 1);

            List<List<Object>> expected = new ArrayList<>();
            for (int i = ROLES - 1; i >= 0; i--) {
                expected.add(List.of(ROLES - i, ROLE + "r" + i, i + 1L));
            }
            for (Instance instance : List.of(a, b)) {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                    JsonNode top = get(instance.url(TOP));
                    assertFalse(top.get("partial").asBoolean(), top.toString());
                    assertEquals(expected, rows(top), top.toString());
                });
                JsonNode actions = get(instance.url("/api/top?dimension=action&range=15m&at=" + T0.plusSeconds(300)));
                assertEquals(List.of(List.of(1, "s3:PutObject", (long) ROLES * (ROLES + 1) / 2)), rows(actions));
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                        assertEquals(opened, incidentIds(get(instance.url(QueryApi.INCIDENTS_PATH)))));
            }

            // Without the token, or with another, the API tells nothing; metrics and health stay open to scrapers.
            for (String path : List.of(TOP, QueryApi.INCIDENTS_PATH, QueryApi.INCIDENTS_PATH + "?local=true")) {
                for (String authorization : new String[]{null, "Bearer wrong-" + TOKEN.substring(6)}) {
                    HttpResponse<String> refused = send(a.url(path), authorization);
                    assertEquals(401, refused.statusCode(), path);
                    assertEquals("Bearer", refused.headers().firstValue("WWW-Authenticate").orElse(""));
                    assertFalse(refused.body().contains("arn:aws"), refused.body());
                }
            }
            assertEquals(200, send(b.url("/metrics"), null).statusCode());
            assertEquals(200, send(b.url("/health/live"), null).statusCode());
            assertNotEquals(401, send(b.url("/health/ready"), null).statusCode());

            // The work really is shared: each instance alone holds only part of the keys and incidents.
            JsonNode localA = get(a.url(TOP + "&local=true"));
            JsonNode localB = get(b.url(TOP + "&local=true"));
            assertTrue(localA.get("top").size() > 0 && localB.get("top").size() > 0, localA + " " + localB);
            assertEquals(ROLES, localA.get("top").size() + localB.get("top").size());
            Set<String> ownedA = incidentIds(get(a.url(QueryApi.INCIDENTS_PATH + "?local=true")));
            Set<String> ownedB = incidentIds(get(b.url(QueryApi.INCIDENTS_PATH + "?local=true")));
            assertEquals(opened.size(), ownedA.size() + ownedB.size());

            // An instance that cannot be reached makes the answer partial, naming it, rather than hanging.
            b.endpoint.close();
            long started = System.nanoTime();
            JsonNode partial = get(a.url(TOP));
            assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(10)) < 0);
            assertTrue(partial.get("partial").asBoolean(), partial.toString());
            assertEquals("localhost:" + b.port, partial.get("missing").get(0).asText());
            assertEquals(localA.get("top").size(), partial.get("top").size());

            // Stores that are not queryable answer 503 with a reason.
            a.analyzer.close();
            HttpResponse<String> closed = send(a.url(TOP), "Bearer " + TOKEN);
            assertEquals(503, closed.statusCode());
            assertEquals("application/json", closed.headers().firstValue("Content-Type").orElse(""));
            assertEquals("not queryable", Json.mapper().readTree(closed.body()).get("error").asText());
        }
    }

    private static List<List<Object>> rows(JsonNode answer) {
        List<List<Object>> rows = new ArrayList<>();
        for (JsonNode row : answer.get("top")) {
            rows.add(List.of(row.get("rank").asInt(), row.get("key").asText(), row.get("count").asLong()));
        }
        return rows;
    }

    private static Set<String> incidentIds(JsonNode answer) {
        assertFalse(answer.get("partial").asBoolean(), answer.toString());
        Set<String> ids = new HashSet<>();
        answer.get("incidents").forEach(i -> ids.add(i.get("incidentId").asText()));
        return ids;
    }

    private JsonNode get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = send(url, "Bearer " + TOKEN);
        assertEquals(200, response.statusCode(), response.body());
        return Json.mapper().readTree(response.body());
    }

    private HttpResponse<String> send(String url, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void produceDenials(LocalStack stack, String topic) throws Exception {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int role = 0; role < ROLES; role++) {
                for (int n = 0; n <= role; n++) {
                    TestRecord<byte[], byte[]> r = RawEvents.scpDenial("r" + role + "-" + n, "r" + role,
                            T0.plusSeconds(n));
                    producer.send(new ProducerRecord<>(topic, null, r.key(), r.value(), r.headers()));
                }
            }
            producer.flush();
        }
    }

    /** The incidents the spike topic opened, once it has opened as many as expected. */
    private static Set<String> openedIncidents(LocalStack stack, String topic, int expected) throws Exception {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Set<String> opened = new HashSet<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                for (var r : consumer.poll(Duration.ofMillis(200))) {
                    JsonNode spike = Json.mapper().readTree(r.value());
                    if (spike.get("state").asText().equals("OPEN")) {
                        opened.add(spike.get("incidentId").asText());
                    }
                }
                return opened.size() >= expected;
            });
        }
        assertEquals(expected, opened.size(), "roles r9..r15 each open a principal and a narrow incident, plus"
                + " the account");
        return opened;
    }

    /** One analyzer with its own state directory and HTTP port, advertising that port to the other. */
    private static final class Instance implements AutoCloseable {

        final HttpEndpoint endpoint;
        final Analyzer analyzer;
        final int port;

        private Instance(HttpEndpoint endpoint, Analyzer analyzer) {
            this.endpoint = endpoint;
            this.analyzer = analyzer;
            this.port = endpoint.port();
        }

        static Instance start(Map<String, String> shared, Path stateDir) {
            PrometheusMeterRegistry registry = Metrics.newRegistry();
            Health health = new Health();
            HttpEndpoint endpoint = HttpEndpoint.start("localhost", 0, registry, health);
            Map<String, String> settings = new HashMap<>(shared);
            settings.put("analyzer.state-dir", stateDir.toString());
            settings.put("analyzer.advertised-address", "localhost:" + endpoint.port());
            Config config = Config.of(settings);
            Analyzer analyzer = Analyzer.start(config, registry, health);
            QueryApi.register(endpoint, analyzer.streams(), config);
            return new Instance(endpoint, analyzer);
        }

        String url(String pathAndQuery) {
            return "http://localhost:" + port + pathAndQuery;
        }

        @Override
        public void close() {
            endpoint.close();
            analyzer.close();
        }
    }
}
