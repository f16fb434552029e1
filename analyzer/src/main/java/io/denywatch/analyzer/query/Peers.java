package io.denywatch.analyzer.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.denywatch.common.http.ApiToken;
import io.denywatch.common.json.Json;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks the other analyzer instances for their share of an answer, all at once, each with a deadline: a slow or dead
 * instance costs the caller one timeout, never a hang. With the query API's token, every request carries it: the
 * instances share one configuration, so each requires the token this one does.
 */
final class Peers {

    private static final Logger LOG = LoggerFactory.getLogger(Peers.class);

    private final HttpClient client;
    private final Duration timeout;
    private final Optional<ApiToken> token;
    /** Peers that refused the token, told once until they accept it again, so that polling does not flood the log. */
    private final Set<HostInfo> refusing = ConcurrentHashMap.newKeySet();

    Peers(Duration timeout, Optional<ApiToken> token) {
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.timeout = timeout;
        this.token = token;
    }

    /** Starts a GET of {@code pathAndQuery} on every peer; {@link #await} collects the answers. */
    Map<HostInfo, CompletableFuture<HttpResponse<String>>> ask(List<HostInfo> peers, String pathAndQuery) {
        Map<HostInfo, CompletableFuture<HttpResponse<String>>> pending = new LinkedHashMap<>();
        for (HostInfo peer : peers) {
            HttpRequest.Builder request = HttpRequest.newBuilder(
                            URI.create("http://" + peer.host() + ":" + peer.port() + pathAndQuery))
                    .timeout(timeout).header("Accept", "application/json").GET();
            token.ifPresent(t -> request.header("Authorization", t.authorization()));
            pending.put(peer, client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()));
        }
        return pending;
    }

    /**
     * The JSON body of every peer that answered 200 in time; the others are added to {@code missing} as
     * {@code host:port}.
     */
    List<JsonNode> await(Map<HostInfo, CompletableFuture<HttpResponse<String>>> pending, List<String> missing) {
        List<JsonNode> answers = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Map.Entry<HostInfo, CompletableFuture<HttpResponse<String>>> e : pending.entrySet()) {
            Optional<JsonNode> body = body(e.getKey(), e.getValue(), Math.max(0, deadline - System.nanoTime()));
            if (body.isPresent()) {
                answers.add(body.get());
            } else {
                missing.add(e.getKey().host() + ":" + e.getKey().port());
            }
        }
        return answers;
    }

    private Optional<JsonNode> body(HostInfo peer, CompletableFuture<HttpResponse<String>> future, long waitNanos) {
        try {
            HttpResponse<String> response = future.get(waitNanos, TimeUnit.NANOSECONDS);
            if (response.statusCode() != 401) {
                refusing.remove(peer);
            } else if (refusing.add(peer)) {
                // Not a passing fault like a timeout: this instance's answers stay partial until the tokens agree.
                LOG.warn("Analyzer instance {}:{} refused this instance's query (401): give every instance the same {}",
                        peer.host(), peer.port(), ApiToken.FILE.key());
            }
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            return Optional.of(Json.mapper().readTree(response.body()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException | TimeoutException | IOException e) {
            future.cancel(true);
            return Optional.empty();
        }
    }
}
