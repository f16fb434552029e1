package io.denywatch.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every query of the Grafana dashboard, run by a real Prometheus that scrapes a running {@code denywatch demo}: each
 * must be valid and return data. The demo's alerts go to a local "Slack" that fails first, so the delivery panels
 * have failures, retries and dead letters to show as well.
 */
class DashboardQueriesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Process> processes = new ArrayList<>();
    private HttpServer slack;

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        if (slack != null) {
            slack.stop(0);
        }
    }

    @Test
    void everyPanelQueryReturnsDataFromARunningDemo(@TempDir Path dir) throws Exception {
        Tool prometheus = Tool.require("prometheus", "apt-get install prometheus");
        // The demo is in the tools jar; the reactor builds tools/ before this module.
        Path jar = Repo.path("tools/target/denywatch-tools.jar");
        assertTrue(Files.isRegularFile(jar), jar + " is missing: build the tools module first (./mvnw verify does)");

        // "Slack" refuses the first message for good and has a hiccup on the second: a dead letter, a retry.
        AtomicInteger slackCalls = new AtomicInteger();
        slack = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        slack.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            int n = slackCalls.incrementAndGet();
            int status = n == 1 ? 400 : n == 2 ? 503 : 200;
            byte[] body = (status == 400 ? "invalid_payload" : status == 503 ? "" : "ok")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        slack.start();

        int demoPort = freePort();
        Path demoOut = dir.resolve("demo.out");
        processes.add(new ProcessBuilder(javaBinary(), "-jar", jar.toString(), "demo", "--http-port",
                Integer.toString(demoPort),
                "--set", "alerts.slack.webhook-url=http://127.0.0.1:" + slack.getAddress().getPort() + "/services/x",
                "--set", "alerts.retry.initial-backoff=100ms")
                .redirectOutput(demoOut.toFile()).redirectError(dir.resolve("demo.err").toFile()).start());
        awaitCondition("the demo to finish its script (" + demoOut + ")", START_TIMEOUT,
                () -> read(demoOut).contains("Still running"));

        int promPort = freePort();
        Path config = dir.resolve("prometheus.yml");
        String target = "'127.0.0.1:" + demoPort + "'";
        // One demo process holds all three roles; it is scraped under each role's job name, as Compose and
        // Kubernetes name them, because the panels select by job.
        Files.writeString(config, "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
                + "rule_files:\n  - " + Repo.path("deploy/prometheus/rules/denywatch.rules.yml") + "\n"
                + "scrape_configs:\n"
                + job("denywatch-ingest", target) + job("denywatch-analyzer", target) + job("denywatch-alerts", target));
        processes.add(new ProcessBuilder(prometheus.binary().toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + promPort)
                .redirectOutput(dir.resolve("prometheus.out").toFile())
                .redirectErrorStream(true).start());
        String prom = "http://127.0.0.1:" + promPort;
        awaitCondition("Prometheus to be ready", Duration.ofMinutes(1), () -> get(prom + "/-/ready") == 200);
        // Enough scrapes for rate() over a minute, and the top-principals gauge refreshed at least once.
        awaitCondition("30 s of scrapes", Duration.ofMinutes(2), () -> scalar(prom,
                "count_over_time(up{job=\"denywatch-analyzer\"}[2m])") >= 30
                && scalar(prom, "count(denywatch_analyzer_top_principal_denials)") > 0);

        List<String> failures = new ArrayList<>();
        int checked = 0;
        JsonNode dashboard = JSON.readTree(Repo.read("deploy/grafana/dashboards/denywatch.json"));
        for (JsonNode panel : panels(dashboard)) {
            for (JsonNode target1 : panel.path("targets")) {
                String expr = target1.path("expr").asText("");
                if (expr.isEmpty()) {
                    continue;
                }
                checked++;
                String query = expr.replace("$__rate_interval", "1m").replace("$__range", "10m")
                        .replace("$__interval", "15s").replace("$account", ".*");
                JsonNode answer = query(prom, query);
                if (!"success".equals(answer.path("status").asText())) {
                    failures.add(panel.path("title").asText() + ": " + query + " -> " + answer);
                } else if (answer.at("/data/result").isEmpty()) {
                    failures.add(panel.path("title").asText() + ": no data for " + query);
                }
            }
        }
        assertTrue(checked >= 20, "only " + checked + " queries found in the dashboard");
        assertEquals(List.of(), failures, "panels without data");
    }

    private static String job(String name, String target) {
        return "  - job_name: " + name + "\n    metrics_path: /metrics\n    static_configs:\n      - targets: ["
                + target + "]\n";
    }

    private static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            out.add(panel);
            panel.path("panels").forEach(out::add);
        }
        return out;
    }

    private JsonNode query(String prom, String promql) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(prom + "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private double scalar(String prom, String promql) {
        try {
            JsonNode result = query(prom, promql).at("/data/result");
            return result.isEmpty() ? 0 : result.get(0).get("value").get(1).asDouble();
        } catch (Exception e) {
            return 0;
        }
    }

    private int get(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private void awaitCondition(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            for (Process p : processes) {
                if (!p.isAlive()) {
                    fail("a process ended early (exit " + p.exitValue() + ") while waiting for " + what);
                }
            }
            if (System.nanoTime() > deadline) {
                fail("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(250);
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
