package io.denywatch.cli;

import com.sun.net.httpserver.HttpServer;
import io.denywatch.common.http.ApiToken;
import io.denywatch.common.http.Health;
import io.denywatch.common.http.HttpEndpoint;
import io.denywatch.common.metrics.Metrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code denywatch top} against a real HTTP endpoint serving canned query API answers. */
class TopCommandTest {

    private static final String TOKEN = "top-test-token-0123456789abcdef";

    private static final String ANSWER = "{\"dimension\":\"principal\",\"range\":\"2h\","
            + "\"from\":\"2026-03-02T08:00:00Z\",\"to\":\"2026-03-02T10:00:00Z\",\"limit\":3,\"partial\":false,"
            + "\"missing\":[],\"top\":["
            + "{\"rank\":1,\"key\":\"arn:aws:iam::123456789012:role/deploy\",\"count\":1234},"
            + "{\"rank\":2,\"key\":\"arn:aws:iam::123456789012:user/\\u001b[2Jmallory\",\"count\":56},"
            + "{\"rank\":3,\"key\":\"arn:aws:iam::123456789012:role/ci\",\"count\":7}]}";

    private HttpServer server;
    private final AtomicReference<String> asked = new AtomicReference<>();
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicReference<String> body = new AtomicReference<>(ANSWER);

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/top", exchange -> {
            asked.set(exchange.getRequestURI().toString());
            byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status.get(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void printsAnAlignedTableWithControlCharactersMadeVisible() {
        CliRun run = CliRun.of("top", "--url", url(), "--range", "2h", "--limit", "3");

        assertEquals(0, run.code(), run.err());
        assertEquals("/api/top?dimension=principal&range=2h&limit=3", asked.get());
        assertEquals("""
                Most denied principals, last 2h (2026-03-02T08:00:00Z to 2026-03-02T10:00:00Z)
                RANK  COUNT  PRINCIPAL
                   1   1234  arn:aws:iam::123456789012:role/deploy
                   2     56  arn:aws:iam::123456789012:user/\\x1b[2Jmallory
                   3      7  arn:aws:iam::123456789012:role/ci
                """, run.out());
    }

    @Test
    void asksForActionsAtAnInstantAndSaysWhenTheAnswerIsPartial() {
        body.set("{\"dimension\":\"action\",\"range\":\"15m\",\"from\":\"2026-03-02T09:45:00Z\","
                + "\"to\":\"2026-03-02T10:00:00Z\",\"limit\":10,\"partial\":true,\"missing\":[\"analyzer-2:8080\"],"
                + "\"top\":[{\"rank\":1,\"key\":\"s3:PutObject\",\"count\":3}]}");

        CliRun run = CliRun.of("top", "--url", url() + "/", "--dimension", "action", "--range", "15m",
                "--at", "2026-03-02T10:00:00Z");

        assertEquals(0, run.code(), run.err());
        assertEquals("/api/top?dimension=action&range=15m&limit=10&at=2026-03-02T10%3A00%3A00Z", asked.get());
        assertTrue(run.out().contains("RANK  COUNT  ACTION\n   1      3  s3:PutObject\n"), run.out());
        assertTrue(run.out().contains("Partial: no answer from analyzer-2:8080"), run.out());
    }

    @Test
    void jsonPrintsTheAnswerAsServed() {
        CliRun run = CliRun.of("top", "--url", url(), "--json");

        assertEquals(0, run.code(), run.err());
        assertEquals(ANSWER, run.out());
    }

    @Test
    void anAnalyzerThatCannotAnswerYetFailsWithItsReason() {
        status.set(503);
        body.set("{\"error\":\"not queryable\",\"reason\":\"the analyzer is REBALANCING\"}");

        CliRun run = CliRun.of("top", "--url", url());

        assertEquals(1, run.code());
        assertEquals("", run.out());
        assertTrue(run.err().contains("HTTP 503: the analyzer is REBALANCING"), run.err());
    }

    @Test
    void sendsTheTokenFromItsFileOrTheSettingToAnAnalyzerThatRequiresOne(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("api-token");
        Files.writeString(file, TOKEN + "\n");
        Path other = dir.resolve("other-token");
        Files.writeString(other, "another-token-of-enough-length");
        try (HttpEndpoint analyzer = HttpEndpoint.start("127.0.0.1", 0, Metrics.newRegistry(), new Health())) {
            analyzer.route("/api/top", Optional.of(ApiToken.read(file)),
                    exchange -> HttpEndpoint.respond(exchange, 200, "application/json", ANSWER));
            String url = "http://127.0.0.1:" + analyzer.port();

            CliRun withFile = CliRun.of("top", "--url", url, "--token-file", file.toString(), "--json");
            assertEquals(0, withFile.code(), withFile.err());
            assertEquals(ANSWER, withFile.out());
            CliRun fromSetting = CliRun.of("top", "--url", url, "--set", "http.api-token-file=" + file, "--json");
            assertEquals(0, fromSetting.code(), fromSetting.err());
            assertEquals(ANSWER, fromSetting.out());

            CliRun without = CliRun.of("top", "--url", url);
            assertEquals(1, without.code());
            assertEquals("HTTP 401: the analyzer requires a bearer token: give --token-file FILE or set"
                    + " http.api-token-file\n", without.err());
            CliRun wrong = CliRun.of("top", "--url", url, "--token-file", other.toString());
            assertEquals(1, wrong.code());
            assertTrue(wrong.err().startsWith("HTTP 401: the analyzer refused the token"), wrong.err());
            assertFalse(wrong.err().contains("another-token"), wrong.err());
        }
    }

    @Test
    void aTokenFileThatCannotServeStopsBeforeAsking(@TempDir Path dir) {
        Path missing = dir.resolve("missing");

        CliRun run = CliRun.of("top", "--url", url(), "--token-file", missing.toString());

        assertEquals(2, run.code());
        assertEquals("Token file " + missing + " cannot be read (NoSuchFileException)\n", run.err());
        assertEquals(null, asked.get());
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }


}
