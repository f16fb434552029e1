package io.denywatch.analyzer.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import io.denywatch.contract.incident.SpikeRecord;
import io.denywatch.analyzer.streams.AnalyzerSettings;
import io.denywatch.common.config.Config;
import io.denywatch.common.config.Sizes;
import io.denywatch.common.http.ApiToken;
import io.denywatch.common.http.HttpEndpoint;
import io.denywatch.common.json.Json;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The analyzer's query API on the process's HTTP port.
 *
 * <ul>
 *   <li>{@code GET /api/top?dimension=principal|action&range=1h&limit=10[&at=ISO-instant]}: the most denied principals
 *   or actions over {@code [at - range, at)}, {@code at} defaulting to now;</li>
 *   <li>{@code GET /api/incidents}: the latest message of every open incident.</li>
 * </ul>
 *
 * Each key's state lives on one instance, so the instance asked answers from its own stores and asks every other
 * instance of the application (found through Kafka Streams' {@code application.server} metadata) for its share, with
 * {@code local=true} so that they do not ask further. An instance that does not answer in time makes the answer
 * {@code partial}, naming it. While this instance's stores are not queryable the API answers 503.
 */
public final class QueryApi {

    public static final String TOP_PATH = "/api/top";
    public static final String INCIDENTS_PATH = "/api/incidents";
    static final Duration PEER_TIMEOUT = Duration.ofSeconds(3);
    private static final Logger LOG = LoggerFactory.getLogger(QueryApi.class);

    private final KafkaStreams streams;
    private final DenialQueries local;
    private final HostInfo self;
    private final Duration retention;
    private final Clock clock;
    private final Peers peers;

    QueryApi(KafkaStreams streams, DenialQueries local, HostInfo self, Duration retention, Clock clock,
             Peers peers) {
        this.streams = streams;
        this.local = local;
        this.self = self;
        this.retention = retention;
        this.clock = clock;
        this.peers = peers;
    }

    /**
     * Adds the query routes to the endpoint, answering from this Kafka Streams instance and its peers. With
     * {@link ApiToken#FILE} set, they answer only callers bearing its token, and peers are asked with it.
     *
     * @throws io.denywatch.common.config.ConfigException when the token file cannot be read
     */
    public static QueryApi register(HttpEndpoint http, KafkaStreams streams, Config config) {
        Optional<ApiToken> token = ApiToken.from(config);
        QueryApi api = new QueryApi(streams, new DenialQueries(QueryStores.of(streams)),
                HostInfo.buildFromEndpoint(config.get(AnalyzerSettings.ADVERTISED_ADDRESS)),
                config.get(AnalyzerSettings.QUERY_RETENTION), Clock.systemUTC(), new Peers(PEER_TIMEOUT, token));
        http.route(TOP_PATH, token, api::top);
        http.route(INCIDENTS_PATH, token, api::incidents);
        if (token.isPresent()) {
            LOG.info("Query API ({}, {}) on {}: requires the bearer token from {}; /metrics and /health/* stay open",
                    TOP_PATH, INCIDENTS_PATH, http.listeningOn(), ApiToken.FILE.key());
        } else {
            LOG.warn("Query API ({}, {}) on {} answers anyone who reaches that port: it tells which roles are denied"
                            + " what. Require a bearer token: set {} (environment {}) to a file holding a long random"
                            + " token, the same on every analyzer instance", TOP_PATH, INCIDENTS_PATH,
                    http.listeningOn(), ApiToken.FILE.key(), ApiToken.FILE.envName());
        }
        return api;
    }

    void top(HttpExchange exchange) throws IOException {
        TopQuery query;
        try {
            query = TopQuery.parse(params(exchange), retention);
        } catch (IllegalArgumentException e) {
            HttpEndpoint.respondJson(exchange, 400, problem("bad request", e.getMessage()));
            return;
        }
        if (!queryable(exchange)) {
            return;
        }
        // One "now" for every instance, so that all of them sum the same buckets.
        Instant now = query.at() != null ? query.at() : clock.instant();
        String range = Sizes.formatDuration(query.range());
        var pending = peers.ask(query.local() ? List.of() : otherInstances(), TOP_PATH + "?dimension="
                + query.dimension().id() + "&range=" + encode(range) + "&limit=" + query.limit() + "&at="
                + encode(now.toString()) + "&local=true");
        Ranking ranking = new Ranking();
        try {
            local.top(query.dimension(), now, query.range(), query.limit())
                    .forEach(k -> ranking.add(k.key(), k.count()));
        } catch (InvalidStateStoreException e) {
            pending.values().forEach(f -> f.cancel(true));
            notQueryable(exchange, e.getMessage());
            return;
        }
        List<String> missing = new ArrayList<>();
        for (JsonNode answer : peers.await(pending, missing)) {
            // Keys are partitioned, so an instance's local top list holds every key of the global top it owns.
            for (JsonNode entry : answer.path("top")) {
                ranking.add(entry.path("key").asText(), entry.path("count").asLong());
            }
        }
        HttpEndpoint.respondJson(exchange, 200, new TopAnswer(query.dimension().id(), range,
                now.minus(query.range()), now, query.limit(), !missing.isEmpty(), missing,
                ranking.top(query.limit())));
    }

    void incidents(HttpExchange exchange) throws IOException {
        boolean localOnly;
        try {
            localOnly = Boolean.parseBoolean(params(exchange).get("local"));
        } catch (IllegalArgumentException e) {
            HttpEndpoint.respondJson(exchange, 400, problem("bad request", e.getMessage()));
            return;
        }
        if (!queryable(exchange)) {
            return;
        }
        var pending = peers.ask(localOnly ? List.of() : otherInstances(), INCIDENTS_PATH + "?local=true");
        Map<String, SpikeRecord> byId = new LinkedHashMap<>();
        try {
            local.openIncidents().forEach(r -> byId.put(r.incidentId(), r));
        } catch (InvalidStateStoreException e) {
            pending.values().forEach(f -> f.cancel(true));
            notQueryable(exchange, e.getMessage());
            return;
        }
        List<String> missing = new ArrayList<>();
        for (JsonNode answer : peers.await(pending, missing)) {
            for (JsonNode incident : answer.path("incidents")) {
                SpikeRecord r = incident(incident);
                if (r != null) {
                    byId.putIfAbsent(r.incidentId(), r);
                }
            }
        }
        List<SpikeRecord> incidents = new ArrayList<>(byId.values());
        incidents.sort(IncidentsAnswer.OLDEST_FIRST);
        HttpEndpoint.respondJson(exchange, 200, new IncidentsAnswer(!missing.isEmpty(), missing, incidents));
    }

    /** An incident as a peer sent it, or null when it is not one (a peer of another version, say). */
    private static SpikeRecord incident(JsonNode json) {
        try {
            return Json.mapper().treeToValue(json, SpikeRecord.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Every other instance of the application; none when this one does not advertise an address. */
    private List<HostInfo> otherInstances() {
        if (self == null) {
            return List.of();
        }
        List<HostInfo> others = new ArrayList<>();
        for (StreamsMetadata m : streams.metadataForAllStreamsClients()) {
            HostInfo host = m.hostInfo();
            if (host.port() > 0 && !host.equals(self) && !others.contains(host)) {
                others.add(host);
            }
        }
        return others;
    }

    private boolean queryable(HttpExchange exchange) throws IOException {
        KafkaStreams.State state = streams.state();
        if (state == KafkaStreams.State.RUNNING) {
            return true;
        }
        notQueryable(exchange, "the analyzer is " + state + "; its state stores are not queryable yet");
        return false;
    }

    private static void notQueryable(HttpExchange exchange, String reason) throws IOException {
        exchange.getResponseHeaders().set("Retry-After", "1");
        HttpEndpoint.respondJson(exchange, 503, problem("not queryable", reason));
    }

    private static Map<String, String> problem(String error, String reason) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("reason", reason);
        return body;
    }

    /** The query parameters, first value of each; a malformed escape throws {@link IllegalArgumentException}. */
    private static Map<String, String> params(HttpExchange exchange) {
        Map<String, String> params = new HashMap<>();
        String query = exchange.getRequestURI().getRawQuery();
        if (query == null || query.isEmpty()) {
            return params;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            params.putIfAbsent(URLDecoder.decode(name, StandardCharsets.UTF_8),
                    URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return params;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
