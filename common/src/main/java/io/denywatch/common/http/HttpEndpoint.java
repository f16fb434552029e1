package io.denywatch.common.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.denywatch.common.json.Json;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The process's HTTP port: {@code /metrics} (Prometheus text), {@code /health/live}, {@code /health/ready}, open to
 * every caller so that scrapers and probes need no credentials, and whatever routes the roles add (the analyzer's
 * query API), which answer only callers bearing the {@link ApiToken} when one is given.
 */
public final class HttpEndpoint implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;

    private HttpEndpoint(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts serving on the given address and port (0 picks a free one).
     */
    public static HttpEndpoint start(String host, int port, PrometheusMeterRegistry registry, Health health) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "denywatch-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        HttpEndpoint endpoint = new HttpEndpoint(server, executor);
        endpoint.openRoute("/metrics", exchange -> respond(exchange, 200,
                "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
        endpoint.openRoute("/health/live", exchange -> respondJson(exchange, 200, Map.of("status", "UP")));
        endpoint.openRoute("/health/ready", exchange -> {
            boolean ready = health.isReady();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", ready ? "UP" : "DOWN");
            body.put("checks", health.readiness());
            respondJson(exchange, ready ? 200 : 503, body);
        });
        server.start();
        return endpoint;
    }

    /**
     * Adds a route of the API; the handler answers GET requests at exactly that path or below it. With a token, a
     * request without it gets 401 and never reaches the handler; without one, every caller is answered.
     */
    public void route(String path, Optional<ApiToken> token, HttpHandler handler) {
        if (token.isEmpty()) {
            openRoute(path, handler);
            return;
        }
        ApiToken required = token.get();
        openRoute(path, exchange -> {
            if (required.admits(exchange.getRequestHeaders().getFirst("Authorization"))) {
                handler.handle(exchange);
            } else {
                unauthorized(exchange);
            }
        });
    }

    /** Where the port listens, as {@code host:port}, saying so when that is every interface. */
    public String listeningOn() {
        InetSocketAddress address = server.getAddress();
        String host = address.getAddress().getHostAddress();
        return host + ":" + address.getPort() + (address.getAddress().isAnyLocalAddress() ? " (every interface)" : "");
    }

    private void openRoute(String path, HttpHandler handler) {
        server.createContext(path, exchange -> {
            try (exchange) {
                if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                    respond(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n");
                    return;
                }
                handler.handle(exchange);
            } catch (RuntimeException e) {
                respond(exchange, 500, "text/plain; charset=utf-8", "internal error\n");
            }
        });
    }

    /** The same answer for a missing and a wrong token: nothing in it helps a guess. */
    private static void unauthorized(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
        respondJson(exchange, 401, Map.of("error", "unauthorized"));
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Writes a text response. */
    public static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** Writes a JSON response. */
    public static void respondJson(HttpExchange exchange, int status, Object body) throws IOException {
        String json;
        try {
            json = Json.mapper().writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IOException(e);
        }
        respond(exchange, status, "application/json", json + "\n");
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
