package io.denywatch.embedded;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback HTTP server in front of a {@link MotoServer} that answers the AWS query-protocol actions moto 5.2 does
 * not implement ({@code sts:DecodeAuthorizationMessage} and {@code iam:SimulatePrincipalPolicy}: moto answers both
 * with HTTP 500, NotImplementedError) and forwards every other request to moto unchanged.
 *
 * <p>What it answers for those actions is set by the test ({@link #decodes}, {@link #simulates}); a request it has no
 * answer for gets the error AWS gives for it. A test may also make it refuse any action the way AWS refuses a caller
 * without the permission ({@link #refuses}), as moto does not enforce IAM permissions.
 *
 * <p>Wire format: <a href="https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html">common errors</a>,
 * <a href="https://docs.aws.amazon.com/STS/latest/APIReference/API_DecodeAuthorizationMessage.html">
 * DecodeAuthorizationMessage</a>, <a href="https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html">
 * SimulatePrincipalPolicy</a>.
 */
public final class AwsQueryEndpoint implements AutoCloseable {

    /** The actions answered here rather than by moto. */
    public static final Set<String> SERVED = Set.of("DecodeAuthorizationMessage", "SimulatePrincipalPolicy");

    private static final String STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/";
    private static final String IAM_NS = "https://iam.amazonaws.com/doc/2010-05-08/";
    /** Headers that describe one connection, not the request: the forwarded request goes on a connection of its own. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "transfer-encoding", "te",
            "trailer", "upgrade", "proxy-connection");

    private final HttpServer server;
    private final ExecutorService executor;
    private final URI backend;
    private final Map<String, String> decoded = new ConcurrentHashMap<>();
    private final Map<String, List<Evaluation>> simulations = new ConcurrentHashMap<>();
    private final Map<String, Refusal> refusals = new ConcurrentHashMap<>();
    private final Map<String, List<Map<String, String>>> served = new ConcurrentHashMap<>();
    private final List<Map<String, String>> forwarded = Collections.synchronizedList(new ArrayList<>());

    private AwsQueryEndpoint(HttpServer server, ExecutorService executor, URI backend) {
        this.server = server;
        this.executor = executor;
        this.backend = backend;
    }

    /** Starts on a free loopback port, forwarding what it does not answer to {@code backend} (moto's endpoint). */
    public static AwsQueryEndpoint start(URI backend) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
                Thread t = new Thread(r, "aws-query-endpoint");
                t.setDaemon(true);
                return t;
            });
            AwsQueryEndpoint endpoint = new AwsQueryEndpoint(server, executor, backend);
            server.createContext("/", endpoint::handle);
            server.setExecutor(executor);
            server.start();
            return endpoint;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where SDK clients are pointed. */
    public URI endpoint() {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort());
    }

    /** {@code DecodeAuthorizationMessage} of {@code encoded} answers {@code decodedJson}. */
    public AwsQueryEndpoint decodes(String encoded, String decodedJson) {
        decoded.put(encoded, decodedJson);
        return this;
    }

    /** {@code SimulatePrincipalPolicy} of {@code action} for {@code principalArn} answers these evaluation results. */
    public AwsQueryEndpoint simulates(String principalArn, String action, List<Evaluation> results) {
        simulations.put(principalArn + " " + action, List.copyOf(results));
        return this;
    }

    /**
     * Every request for {@code action}, an IAM or STS (query protocol) action, is refused with HTTP 403 and this error
     * code, as AWS refuses a caller without the permission.
     */
    public AwsQueryEndpoint refuses(String action, String code, String message) {
        refusals.put(action, new Refusal(403, code, message));
        return this;
    }

    /** {@code action} is forwarded again (or answered as moto lacks it), no longer refused. */
    public AwsQueryEndpoint stopRefusing(String action) {
        refusals.remove(action);
        return this;
    }

    /** The form parameters of each request for {@code action} answered here (not forwarded), oldest first. */
    public List<Map<String, String>> served(String action) {
        List<Map<String, String>> forms = served.getOrDefault(action, List.of());
        synchronized (forms) {
            return List.copyOf(forms);
        }
    }

    /**
     * The form parameters of each request forwarded to moto, oldest first; for a JSON-protocol request, only its
     * {@code Action}, from {@code X-Amz-Target}.
     */
    public List<Map<String, String>> forwarded() {
        synchronized (forwarded) {
            return List.copyOf(forwarded);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, String> form = form(exchange, body);
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            if (target != null) {
                // JSON protocol (Organizations): the operation is named in a header, the body is JSON.
                form = new LinkedHashMap<>(Map.of("Action", target.substring(target.indexOf('.') + 1)));
            }
            String action = form.getOrDefault("Action", "");
            Refusal refusal = refusals.get(action);
            if (refusal != null) {
                record(action, form);
                error(exchange, refusal.status(), refusal.code(), refusal.message());
            } else if (SERVED.contains(action)) {
                record(action, form);
                answer(exchange, action, form);
            } else {
                forwarded.add(Map.copyOf(form));
                forward(exchange, body);
            }
        } catch (RuntimeException e) {
            // A fault here must reach the test as a failed call, not a hung one.
            error(exchange, 500, "InternalFailure", String.valueOf(e));
        }
    }

    private void record(String action, Map<String, String> form) {
        List<Map<String, String>> forms = served.computeIfAbsent(action,
                a -> Collections.synchronizedList(new ArrayList<>()));
        forms.add(Map.copyOf(form));
    }

    private void answer(HttpExchange exchange, String action, Map<String, String> form) throws IOException {
        if (action.equals("DecodeAuthorizationMessage")) {
            String message = decoded.get(form.getOrDefault("EncodedMessage", ""));
            if (message == null) {
                // What AWS answers for a message cut short or not its own.
                error(exchange, 400, "InvalidAuthorizationMessageException",
                        "Provided authorization message is invalid");
                return;
            }
            ok(exchange, "<DecodeAuthorizationMessageResponse xmlns=\"" + STS_NS + "\">"
                    + "<DecodeAuthorizationMessageResult><DecodedMessage>" + xml(message) + "</DecodedMessage>"
                    + "</DecodeAuthorizationMessageResult>" + metadata() + "</DecodeAuthorizationMessageResponse>");
            return;
        }
        String principal = form.getOrDefault("PolicySourceArn", "");
        String simulated = form.getOrDefault("ActionNames.member.1", "");
        List<Evaluation> results = simulations.get(principal + " " + simulated);
        if (results == null) {
            // AWS answers NoSuchEntity for a principal it does not know; here, for one the test gave no answer for.
            error(exchange, 404, "NoSuchEntity", "No simulation given for " + principal + " " + simulated);
            return;
        }
        StringBuilder xml = new StringBuilder("<SimulatePrincipalPolicyResponse xmlns=\"" + IAM_NS + "\">"
                + "<SimulatePrincipalPolicyResult><IsTruncated>false</IsTruncated><EvaluationResults>");
        for (Evaluation result : results) {
            xml.append(result.toXml());
        }
        xml.append("</EvaluationResults></SimulatePrincipalPolicyResult>").append(metadata())
                .append("</SimulatePrincipalPolicyResponse>");
        ok(exchange, xml.toString());
    }

    /**
     * Sends the request as it came (method, path, headers with their SigV4 signature, body) on a connection of its own
     * to moto, and relays moto's status, headers and body.
     */
    private void forward(HttpExchange exchange, byte[] body) throws IOException {
        try (Socket socket = new Socket(backend.getHost(), backend.getPort())) {
            StringBuilder head = new StringBuilder();
            head.append(exchange.getRequestMethod()).append(' ').append(exchange.getRequestURI().toString())
                    .append(" HTTP/1.1\r\n");
            for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
                if (HOP_BY_HOP.contains(header.getKey().toLowerCase(Locale.ROOT))
                        || header.getKey().equalsIgnoreCase("content-length")) {
                    continue;
                }
                for (String value : header.getValue()) {
                    head.append(header.getKey()).append(": ").append(value).append("\r\n");
                }
            }
            head.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            relay(socket.getInputStream(), exchange);
        }
    }

    private static void relay(InputStream in, HttpExchange exchange) throws IOException {
        String status = line(in);
        String[] parts = status.split(" ", 3);
        int code = Integer.parseInt(parts[1]);
        boolean chunked = false;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            String name = header.substring(0, colon).trim();
            String value = header.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("transfer-encoding")) {
                chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
            }
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.equalsIgnoreCase("content-length")
                    && !name.equalsIgnoreCase("date")) {
                exchange.getResponseHeaders().add(name, value);
            }
        }
        byte[] payload = chunked ? dechunk(in) : in.readAllBytes();
        exchange.sendResponseHeaders(code, payload.length == 0 ? -1 : payload.length);
        if (payload.length > 0) {
            exchange.getResponseBody().write(payload);
        }
    }

    private static byte[] dechunk(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int size = Integer.parseInt(line(in).split(";")[0].trim(), 16); size > 0;
             size = Integer.parseInt(line(in).split(";")[0].trim(), 16)) {
            out.write(in.readNBytes(size));
            line(in);
        }
        return out.toByteArray();
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    private static Map<String, String> form(HttpExchange exchange, byte[] body) {
        Map<String, String> form = new LinkedHashMap<>();
        String query = exchange.getRequestURI().getRawQuery();
        String text = (query == null ? "" : query + "&") + new String(body, StandardCharsets.UTF_8);
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            form.putIfAbsent(name, value);
        }
        return form;
    }

    private static void ok(HttpExchange exchange, String xml) throws IOException {
        send(exchange, 200, xml);
    }

    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        String type = status >= 500 ? "Receiver" : "Sender";
        // The namespace of the service asked; the SDK reads the elements only.
        String namespace = exchange.getRequestHeaders().getOrDefault("Authorization", List.of()).toString()
                .contains("/sts/aws4_request") ? STS_NS : IAM_NS;
        send(exchange, status, "<ErrorResponse xmlns=\"" + namespace + "\"><Error><Type>" + type + "</Type><Code>"
                + xml(code) + "</Code><Message>" + xml(message) + "</Message></Error><RequestId>"
                + UUID.randomUUID() + "</RequestId></ErrorResponse>");
    }

    private static void send(HttpExchange exchange, int status, String xml) throws IOException {
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml");
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static String metadata() {
        return "<ResponseMetadata><RequestId>" + UUID.randomUUID() + "</RequestId></ResponseMetadata>";
    }

    static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&apos;");
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private record Refusal(int status, String code, String message) {
    }

    /**
     * One {@code EvaluationResult} of a simulation.
     *
     * @param action         {@code EvalActionName}
     * @param resource       {@code EvalResourceName}; null for none
     * @param decision       {@code allowed}, {@code explicitDeny} or {@code implicitDeny}
     * @param matched        {@code MatchedStatements}
     * @param missingContext {@code MissingContextValues}
     */
    public record Evaluation(String action, String resource, String decision, List<Matched> matched,
                             List<String> missingContext) {
        public Evaluation {
            matched = List.copyOf(matched);
            missingContext = List.copyOf(missingContext);
        }

        String toXml() {
            StringBuilder xml = new StringBuilder("<member><EvalActionName>").append(xml(action))
                    .append("</EvalActionName>");
            Optional.ofNullable(resource).ifPresent(r -> xml.append("<EvalResourceName>").append(xml(r))
                    .append("</EvalResourceName>"));
            xml.append("<EvalDecision>").append(xml(decision)).append("</EvalDecision><MatchedStatements>");
            matched.forEach(m -> xml.append(m.toXml()));
            xml.append("</MatchedStatements><MissingContextValues>");
            missingContext.forEach(k -> xml.append("<member>").append(xml(k)).append("</member>"));
            return xml.append("</MissingContextValues></member>").toString();
        }
    }

    /**
     * One {@code Statement} of {@code MatchedStatements}: which policy, and where in it the statement starts and ends.
     *
     * @param policyId   {@code SourcePolicyId}
     * @param policyType {@code SourcePolicyType}: user, group, role, aws-managed, user-managed, resource or none
     * @param start      {@code StartPosition}; null for none
     * @param end        {@code EndPosition}; null for none
     */
    public record Matched(String policyId, String policyType, Position start, Position end) {
        String toXml() {
            StringBuilder xml = new StringBuilder("<member><SourcePolicyId>").append(xml(policyId))
                    .append("</SourcePolicyId><SourcePolicyType>").append(xml(policyType))
                    .append("</SourcePolicyType>");
            if (start != null) {
                xml.append("<StartPosition>").append(start.toXml()).append("</StartPosition>");
            }
            if (end != null) {
                xml.append("<EndPosition>").append(end.toXml()).append("</EndPosition>");
            }
            return xml.append("</member>").toString();
        }
    }

    /** A {@code Position}: line and column in a policy document. */
    public record Position(int line, int column) {
        String toXml() {
            return "<Line>" + line + "</Line><Column>" + column + "</Column>";
        }
    }
}
