package io.denywatch.analyzer.query;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.denywatch.common.http.ApiToken;
import io.denywatch.common.http.Health;
import io.denywatch.common.http.HttpEndpoint;
import io.denywatch.common.metrics.Metrics;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Asking another instance over real HTTP, with the query API's token. */
class PeersTest {

    private static final String TOKEN = "peers-test-token-0123456789";

    @TempDir
    Path dir;

    @Test
    void asksWithTheTokenAndSaysOnceWhenAPeerRefusesIt() throws IOException {
        try (HttpEndpoint peer = HttpEndpoint.start("127.0.0.1", 0, Metrics.newRegistry(), new Health())) {
            peer.route("/api/incidents", Optional.of(token("peer", TOKEN)),
                    exchange -> HttpEndpoint.respondJson(exchange, 200, Map.of("incidents", List.of())));
            List<HostInfo> peers = List.of(new HostInfo("127.0.0.1", peer.port()));
            Peers sameToken = new Peers(Duration.ofSeconds(3), Optional.of(token("same", TOKEN)));
            Peers otherToken = new Peers(Duration.ofSeconds(3), Optional.of(token("other", "another-token-0123456789")));

            List<String> missing = new ArrayList<>();
            List<JsonNode> answers = sameToken.await(sameToken.ask(peers, "/api/incidents?local=true"), missing);
            assertEquals(List.of(), missing);
            assertEquals(1, answers.size());

            ListAppender<ILoggingEvent> logs = new ListAppender<>();
            logs.start();
            Logger log = (Logger) LoggerFactory.getLogger(Peers.class);
            log.addAppender(logs);
            try {
                for (int i = 0; i < 3; i++) {
                    missing.clear();
                    answers = otherToken.await(otherToken.ask(peers, "/api/incidents?local=true"), missing);
                    assertEquals(List.of("127.0.0.1:" + peer.port()), missing);
                    assertEquals(List.of(), answers);
                }
            } finally {
                log.detachAppender(logs);
            }
            assertEquals(1, logs.list.size(), "a refusing peer is told once, not on every query");
            assertEquals("Analyzer instance 127.0.0.1:" + peer.port() + " refused this instance's query (401): give"
                    + " every instance the same http.api-token-file", logs.list.get(0).getFormattedMessage());
            assertFalse(logs.list.get(0).getFormattedMessage().contains("another-token"));
        }
    }

    private ApiToken token(String name, String value) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, value);
        return ApiToken.read(file);
    }
}
