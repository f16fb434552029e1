package io.denywatch.common.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HttpEndpointTest {

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
    void aProcessWithNoRoleRunningIsNotReady() {
        assertEquals(false, new Health().isReady());
    }

    private HttpResponse<String> get(HttpEndpoint http, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(http, path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(HttpEndpoint http, String path) {
        return URI.create("http://127.0.0.1:" + http.port() + path);
    }
}
