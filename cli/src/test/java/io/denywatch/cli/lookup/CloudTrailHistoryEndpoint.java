package io.denywatch.cli.lookup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.denywatch.common.json.Json;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * CloudTrail's {@code LookupEvents} as a local HTTP endpoint, speaking the service's protocol (AWS JSON 1.1 on
 * {@code POST /}, target {@code CloudTrail_20131101.LookupEvents}), because no local AWS server offers this operation.
 * It serves the event history of the records it is given as CloudTrail does: management events only, newest first,
 * within {@code StartTime}..{@code EndTime}, filtered on at most one lookup attribute, in pages of at most 50 with a
 * {@code NextToken}, and it throttles a caller faster than two requests per second (a bucket of two, refilled at two
 * a second) with {@code ThrottlingException}.
 */
final class CloudTrailHistoryEndpoint implements AutoCloseable {

    private static final String TARGET = "CloudTrail_20131101.LookupEvents";

    /** One request as received. */
    record Request(Instant at, JsonNode body, boolean signed) {
    }

    private final HttpServer server;
    private final List<JsonNode> history;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger throttled = new AtomicInteger();
    private double tokens = 2;
    private long lastRefillNanos = System.nanoTime();

    CloudTrailHistoryEndpoint(List<JsonNode> records) throws IOException {
        this.history = new ArrayList<>(records.stream()
                .filter(r -> !r.path("managementEvent").isBoolean() || r.path("managementEvent").asBoolean())
                .toList());
        this.history.sort(Comparator.comparing((JsonNode r) -> r.path("eventTime").asText()).reversed());
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    int throttled() {
        return throttled.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            if (!"POST".equals(exchange.getRequestMethod()) || target == null || !target.endsWith(TARGET)) {
                error(exchange, "UnknownOperationException", "only LookupEvents is served here");
                return;
            }
            JsonNode body = Json.mapper().readTree(exchange.getRequestBody().readAllBytes());
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            requests.add(new Request(Instant.now(), body, authorization != null
                    && authorization.startsWith("AWS4-HMAC-SHA256 ")));
            if (!takeToken()) {
                throttled.incrementAndGet();
                error(exchange, "ThrottlingException", "Rate exceeded");
                return;
            }
            try {
                respond(exchange, 200, page(body));
            } catch (IllegalArgumentException e) {
                error(exchange, "InvalidLookupAttributesException", e.getMessage());
            }
        }
    }

    private synchronized boolean takeToken() {
        long now = System.nanoTime();
        tokens = Math.min(2, tokens + (now - lastRefillNanos) / 1e9 * 2);
        lastRefillNanos = now;
        if (tokens < 1) {
            return false;
        }
        tokens--;
        return true;
    }

    private ObjectNode page(JsonNode body) {
        Instant start = seconds(body.get("StartTime"), Instant.EPOCH);
        Instant end = seconds(body.get("EndTime"), Instant.now());
        int max = body.path("MaxResults").asInt(50);
        int from = body.hasNonNull("NextToken") ? Integer.parseInt(body.get("NextToken").asText()) : 0;
        JsonNode attributes = body.path("LookupAttributes");
        if (attributes.size() > 1) {
            throw new IllegalArgumentException("one lookup attribute at most");
        }
        JsonNode attribute = attributes.size() == 1 ? attributes.get(0) : null;
        List<JsonNode> matching = history.stream()
                .filter(r -> {
                    Instant t = Instant.parse(r.path("eventTime").asText());
                    return !t.isBefore(start) && !t.isAfter(end);
                })
                .filter(r -> attribute == null || matches(r, attribute.path("AttributeKey").asText(),
                        attribute.path("AttributeValue").asText()))
                .toList();
        ObjectNode response = Json.mapper().createObjectNode();
        ArrayNode events = response.putArray("Events");
        int to = Math.min(matching.size(), from + Math.min(max, 50));
        for (JsonNode r : matching.subList(Math.min(from, matching.size()), to)) {
            ObjectNode e = events.addObject();
            e.put("EventId", r.path("eventID").asText());
            e.put("EventName", r.path("eventName").asText());
            e.put("ReadOnly", String.valueOf(r.path("readOnly").asBoolean()));
            e.put("EventTime", Instant.parse(r.path("eventTime").asText()).getEpochSecond());
            e.put("EventSource", r.path("eventSource").asText());
            e.put("Username", username(r));
            e.putArray("Resources");
            e.put("CloudTrailEvent", r.toString());
        }
        if (to < matching.size()) {
            response.put("NextToken", Integer.toString(to));
        }
        return response;
    }

    private static boolean matches(JsonNode record, String key, String value) {
        return switch (key) {
            case "EventName" -> value.equals(record.path("eventName").asText());
            case "EventSource" -> value.equals(record.path("eventSource").asText());
            case "EventId" -> value.equals(record.path("eventID").asText());
            case "Username" -> value.equals(username(record));
            case "ReadOnly" -> value.equals(String.valueOf(record.path("readOnly").asBoolean()));
            case "AccessKeyId" -> value.equals(record.path("userIdentity").path("accessKeyId").asText());
            default -> throw new IllegalArgumentException("unsupported lookup attribute " + key);
        };
    }

    /** The event history's user name: the IAM user's name, or a role session's name. */
    private static String username(JsonNode record) {
        JsonNode identity = record.path("userIdentity");
        if (identity.hasNonNull("userName")) {
            return identity.get("userName").asText();
        }
        String arn = identity.path("arn").asText("");
        return arn.substring(arn.lastIndexOf('/') + 1);
    }

    private static Instant seconds(JsonNode value, Instant absent) {
        if (value == null || value.isNull()) {
            return absent;
        }
        return Instant.ofEpochMilli(Math.round(value.asDouble() * 1000));
    }

    private static void error(HttpExchange exchange, String type, String message) throws IOException {
        ObjectNode body = Json.mapper().createObjectNode().put("__type", type).put("message", message);
        respond(exchange, 400, body);
    }

    private static void respond(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = Json.mapper().writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
