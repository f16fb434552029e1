package io.denywatch.embedded;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.denywatch.embedded.AwsQueryEndpoint.Evaluation;
import io.denywatch.embedded.AwsQueryEndpoint.Matched;
import io.denywatch.embedded.AwsQueryEndpoint.Position;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The endpoint's own rules, with a plain HTTP server behind it in moto's place: what it forwards arrives as sent,
 * what it answers has AWS's shape. (Through the SDK and moto it is exercised by the resolve module's tests.)
 */
class AwsQueryEndpointTest {

    private static final String SIGNATURE = "AWS4-HMAC-SHA256 Credential=testing/20261207/us-east-1/iam/aws4_request, "
            + "SignedHeaders=content-type;host;x-amz-date, Signature=0123abcd";

    private HttpServer backend;
    private AwsQueryEndpoint endpoint;
    private final AtomicReference<Captured> captured = new AtomicReference<>();
    private final HttpClient http = HttpClient.newHttpClient();

    private record Captured(String method, String path, Map<String, List<String>> headers, byte[] body) {
    }

    @BeforeEach
    void start() throws IOException {
        backend = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        backend.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            captured.set(new Captured(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                    Map.copyOf(exchange.getRequestHeaders()), body));
            byte[] answer = "<GetRoleResponse>moto</GetRoleResponse>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("x-amzn-RequestId", "from-moto");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        backend.start();
        endpoint = AwsQueryEndpoint.start(URI.create("http://127.0.0.1:" + backend.getAddress().getPort()));
    }

    @AfterEach
    void stop() {
        endpoint.close();
        backend.stop(0);
    }

    @Test
    void forwardsAnythingElseAsSentAndRelaysTheAnswer() throws Exception {
        byte[] body = "Action=GetRole&Version=2010-05-08&RoleName=a%2Bb".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = http.send(post("/?x=1", body), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertEquals("<GetRoleResponse>moto</GetRoleResponse>", response.body());
        assertEquals("from-moto", response.headers().firstValue("x-amzn-RequestId").orElseThrow());
        Captured request = captured.get();
        assertEquals("POST", request.method());
        assertEquals("/?x=1", request.path());
        assertArrayEquals(body, request.body());
        assertEquals(List.of(SIGNATURE), request.headers().get("Authorization"));
        assertEquals(List.of("20261207T120000Z"), request.headers().get("X-amz-date"));
        assertEquals("GetRole", endpoint.forwarded().get(0).get("Action"));
        assertEquals("a+b", endpoint.forwarded().get(0).get("RoleName"));
    }

    @Test
    void decodesWhatItWasGivenAndAnswersAnyOtherMessageAsAwsDoes() throws Exception {
        endpoint.decodes("abc", "{\"allowed\":false,\"note\":\"<&>\"}");
        HttpResponse<String> ok = http.send(post("/", form("DecodeAuthorizationMessage", "EncodedMessage=abc")),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ok.statusCode());
        assertTrue(ok.body().contains("<DecodedMessage>{&quot;allowed&quot;:false,&quot;note&quot;:&quot;&lt;&amp;&gt;"
                + "&quot;}</DecodedMessage>"), ok.body());
        HttpResponse<String> cut = http.send(post("/", form("DecodeAuthorizationMessage", "EncodedMessage=ab")),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, cut.statusCode());
        assertTrue(cut.body().matches("<ErrorResponse[^>]*><Error><Type>Sender</Type>"
                + "<Code>InvalidAuthorizationMessageException</Code><Message>[^<]+</Message></Error>"
                + "<RequestId>[^<]+</RequestId></ErrorResponse>"), cut.body());
        assertEquals(null, captured.get(), "nothing reached moto");
    }

    @Test
    void simulatesWhatItWasGivenAndRefusesWhenTold() throws Exception {
        endpoint.simulates("arn:aws:iam::1:role/r", "s3:GetObject", List.of(new Evaluation("s3:GetObject", "*",
                "implicitDeny", List.of(new Matched("p", "role", new Position(1, 2), new Position(3, 4))),
                List.of("aws:SourceIp"))));
        HttpResponse<String> ok = http.send(post("/", form("SimulatePrincipalPolicy",
                "PolicySourceArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fr&ActionNames.member.1=s3%3AGetObject")),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ok.statusCode());
        assertTrue(ok.body().contains("<EvalDecision>implicitDeny</EvalDecision><MatchedStatements><member>"
                + "<SourcePolicyId>p</SourcePolicyId><SourcePolicyType>role</SourcePolicyType><StartPosition>"
                + "<Line>1</Line><Column>2</Column></StartPosition>"), ok.body());
        HttpResponse<String> unknown = http.send(post("/", form("SimulatePrincipalPolicy",
                "PolicySourceArn=other&ActionNames.member.1=s3%3AGetObject")), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, unknown.statusCode());

        endpoint.refuses("GetRole", "AccessDenied", "not authorized to perform: iam:GetRole");
        HttpResponse<String> refused = http.send(post("/", form("GetRole", "RoleName=r")),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, refused.statusCode());
        assertTrue(refused.body().contains("<Code>AccessDenied</Code>"), refused.body());
        assertEquals(null, captured.get(), "a refused call does not reach moto");
        endpoint.stopRefusing("GetRole");
        assertEquals(200, http.send(post("/", form("GetRole", "RoleName=r")),
                HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    private static byte[] form(String action, String rest) {
        return ("Action=" + action + "&Version=2010-05-08&" + rest).getBytes(StandardCharsets.UTF_8);
    }

    private HttpRequest post(String path, byte[] body) {
        return HttpRequest.newBuilder(endpoint.endpoint().resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .header("Authorization", SIGNATURE)
                .header("X-Amz-Date", "20261207T120000Z")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }
}
