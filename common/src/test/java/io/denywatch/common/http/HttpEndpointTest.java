package io.denywatch.common.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HttpEndpointTest {

    private static final String TOKEN = "Zm9vYmFyYmF6cXV4LXRva2Vu";

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void servesPrometheusTextAndHealthOverRealHttp() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Counter.builder("denywatch.ingest.events.produced").register(registry).increment(42);
        Health health = new Health();
        AtomicBoolean ingestReady = new AtomicBoolean(false);
        health.register("ingest", ingestReady::get);
        try (HttpEndpoint http = HttpEndpoint.start("127.0.0.1", 0, registry, health)) {
            HttpResponse<String> metrics = get(http, "/metrics");
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
            assertTrue(metrics.body().contains("denywatch_ingest_events_produced_total 42.0"), metrics.body());

            assertEquals(200, get(http, "/health/live").statusCode());
            HttpResponse<String> notReady = get(http, "/health/ready");
            assertEquals(503, notReady.statusCode());
            assertTrue(notReady.body().contains("\"ingest\":false"), notReady.body());
            ingestReady.set(true);
            assertEquals(200, get(http, "/health/ready").statusCode());

            HttpResponse<String> post = client.send(HttpRequest.newBuilder(uri(http, "/metrics"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(405, post.statusCode());
        }
    }

    @Test
    void withATokenTheApiAnswersOnlyItsBearerWhileMetricsAndHealthStayOpen(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("api-token");
        Files.writeString(file, TOKEN + "\n");
        Health health = new Health();
        health.register("role", () -> true);
        try (HttpEndpoint http = HttpEndpoint.start("127.0.0.1", 0, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                health)) {
            http.route("/api/top", Optional.of(ApiToken.read(file)),
                    exchange -> HttpEndpoint.respondJson(exchange, 200, Map.of("top", "secret map")));

            for (String authorization : new String[]{null, "Bearer wrong-token-of-some-length", "Bearer ",
                    "Basic " + TOKEN, "Bearer " + TOKEN + "x"}) {
                HttpResponse<String> refused = get(http, "/api/top?dimension=principal", authorization);
                assertEquals(401, refused.statusCode(), authorization);
                assertEquals("Bearer", refused.headers().firstValue("WWW-Authenticate").orElse(""));
                assertEquals("{\"error\":\"unauthorized\"}\n", refused.body());
            }
            HttpResponse<String> allowed = get(http, "/api/top?dimension=principal", "Bearer " + TOKEN);
            assertEquals(200, allowed.statusCode());
            assertTrue(allowed.body().contains("secret map"));

            for (String open : new String[]{"/metrics", "/health/live", "/health/ready"}) {
                assertEquals(200, get(http, open, null).statusCode(), open);
                assertEquals(200, get(http, open, "Bearer wrong-token-of-some-length").statusCode(), open);
            }
        }
    }

    @Test
    void withoutATokenTheApiAnswersEveryone() throws Exception {
        try (HttpEndpoint http = HttpEndpoint.start("127.0.0.1", 0, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                new Health())) {
            http.route("/api/top", Optional.empty(), exchange -> HttpEndpoint.respondJson(exchange, 200, Map.of()));

            assertEquals(200, get(http, "/api/top", null).statusCode());
            assertEquals(200, get(http, "/api/top", "Bearer anything-at-all-here").statusCode());
            assertEquals("127.0.0.1:" + http.port(), http.listeningOn());
        }
    }

    @Test
    void aProcessWithNoRoleRunningIsNotReady() {
        assertEquals(false, new Health().isReady());
    }

    private HttpResponse<String> get(HttpEndpoint http, String path) throws Exception {
        return get(http, path, null);
    }

    private HttpResponse<String> get(HttpEndpoint http, String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(http, path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(HttpEndpoint http, String path) {
        return URI.create("http://127.0.0.1:" + http.port() + path);
    }
}
