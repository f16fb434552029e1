package io.denywatch.alerts.sink;

import com.fasterxml.jackson.databind.JsonNode;
import io.denywatch.alerts.incident.Incidents;
import io.denywatch.alerts.pagerduty.PagerDutyEvent;
import io.denywatch.alerts.render.AlertLinks;
import io.denywatch.alerts.render.SlackMessage;
import io.denywatch.alerts.sign.WebhookSecret;
import io.denywatch.alerts.sign.WebhookSigner;
import io.denywatch.alerts.sign.WebhookVerifier;
import io.denywatch.contract.incident.SpikeRecord;
import io.denywatch.common.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each sink against a real HTTP receiver on loopback: the exact bodies and headers, and how answers are read. */
class SinksOverHttpTest {

    private static final AlertLinks LINKS = AlertLinks.defaults();
    private static final WebhookSecret SECRET = WebhookSecret.of("whsec-denywatch-test-0123456789");

    private final Receiver receiver;
    private final HttpPoster http = new HttpPoster(Duration.ofSeconds(5), Clock.systemUTC());

    SinksOverHttpTest() throws IOException {
        receiver = new Receiver();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    private static JsonNode json(byte[] bytes) throws IOException {
        return Json.mapper().readTree(bytes);
    }

    private static Delivery announce(SpikeRecord spike) {
        return new Delivery(spike, Delivery.Kind.ANNOUNCE, null, null);
    }

    @Test
    void slackWebhookGetsTheBlockKitMessageExactly() throws Exception {
        SlackWebhookSink sink = new SlackWebhookSink(receiver.uri("/services/T0/B0/secret"), LINKS, http);

        Outcome outcome = sink.send(announce(Incidents.open()));

        assertEquals(Outcome.Accepted.plain(), outcome);
        Receiver.Request request = receiver.requests().get(0);
        assertEquals("POST", request.method());
        assertEquals("/services/T0/B0/secret", request.path());
        assertEquals("application/json; charset=utf-8", request.header("Content-Type"));
        assertEquals(SlackMessage.build(Incidents.open(), LINKS), json(request.body()));
        assertEquals("[CRITICAL] Access denial spike OPEN: 318 denials in 15 min, peak 120 per 5 min \u2014 deploy-role"
                + " denied, mostly s3:PutObject on s3:object (baseline 1.5 per 5 min), incident dw-0123456789abcdef",
                json(request.body()).get("text").asText());
    }

    @Test
    void slackWebhookPostsAnUpdateOnlyWhenTheSeverityRises() throws Exception {
        SlackWebhookSink sink = new SlackWebhookSink(receiver.uri("/hook"), LINKS, http);
        SpikeRecord update = Incidents.open(SpikeRecord.State.UPDATE, 80);

        Outcome same = sink.send(new Delivery(update, Delivery.Kind.UPDATE, Map.of(), SpikeRecord.Severity.CRITICAL));
        assertInstanceOf(Outcome.NotNeeded.class, same);
        assertTrue(receiver.requests().isEmpty());

        Outcome rose = sink.send(new Delivery(update, Delivery.Kind.UPDATE, Map.of(), SpikeRecord.Severity.HIGH));
        assertEquals(Outcome.Accepted.plain(), rose);
        assertEquals(SlackMessage.build(update, LINKS), json(receiver.requests().get(0).body()));
    }

    @Test
    void slackWebhookGetsTheResolutionNotice() throws Exception {
        SpikeRecord resolved = Incidents.open(SpikeRecord.State.RESOLVED, 3);
        new SlackWebhookSink(receiver.uri("/hook"), LINKS, http).send(
                new Delivery(resolved, Delivery.Kind.RESOLVE, Map.of(), SpikeRecord.Severity.CRITICAL));

        JsonNode body = json(receiver.requests().get(0).body());
        assertEquals(SlackMessage.build(resolved, LINKS), body);
        assertTrue(body.get("text").asText().startsWith("Resolved after 318 denials in 15 min, peak 120 per 5 min: "
                + "access denial spike for deploy-role"), body.get("text").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"<!channel>", "<!here>", "<@U123>", "<https://evil.example|click>"})
    void eventTextCannotPingOrLinkOnceItIsOnTheWire(String payload) throws Exception {
        new SlackWebhookSink(receiver.uri("/hook"), LINKS, http).send(announce(Incidents.hostile(payload)));

        String wire = receiver.requests().get(0).bodyText();
        JsonNode body = Json.mapper().readTree(wire);
        List<String> texts = new java.util.ArrayList<>();
        collect(body, texts);
        for (String text : texts) {
            assertFalse(text.contains(payload), "raw payload in: " + text);
            assertFalse(text.contains("<!") || text.contains("<@") || text.contains("<https://evil"),
                    "Slack markup in: " + text);
        }
        assertTrue(wire.contains("&lt;"), "the payload is there, escaped");
    }

    private static void collect(JsonNode node, List<String> texts) {
        if (node.isTextual()) {
            texts.add(node.asText());
        }
        node.forEach(child -> collect(child, texts));
    }

    @Test
    void webhookBodyIsTheSpikeRecordSignedSoTheReceiverCanVerifyIt() throws Exception {
        WebhookSink sink = new WebhookSink(receiver.uri("/denywatch"),
                new WebhookSigner(SECRET, Clock.systemUTC()), http);

        assertEquals(Outcome.Accepted.plain(), sink.send(announce(Incidents.open())));

        Receiver.Request request = receiver.requests().get(0);
        assertEquals(WebhookVerifier.Result.VALID, new WebhookVerifier(SECRET, Clock.systemUTC()).verify(
                request.header(WebhookSigner.TIMESTAMP_HEADER), request.header(WebhookSigner.SIGNATURE_HEADER),
                request.body()));
        JsonNode body = json(request.body());
        assertEquals(json(Json.bytes(Incidents.open())), body);
        assertEquals("dw-0123456789abcdef", body.get("incidentId").asText());
        assertEquals("OPEN", body.get("state").asText());
        // The receiver gets the incident's whole size (since deny-spike v2) beside the window count.
        assertEquals(SpikeRecord.SCHEMA_VERSION, body.get("schemaVersion").asInt());
        assertFalse(body.get("diagnosis").has("resolution"), "no lookup, no resolution");
        assertEquals(318, body.get("totalCount").asLong());
        assertEquals(120, body.get("peakCount").asLong());
        assertEquals("2026-11-23T19:02:00Z", body.get("peakWindowStart").asText());
        assertEquals("2026-11-23T19:00:07Z", body.get("startedAt").asText());
        assertEquals("2026-11-23T19:14:40Z", body.get("latestAt").asText());
        assertEquals(873, body.get("durationSeconds").asLong());
        assertTrue(body.get("resolvedAt").isNull());
        assertEquals(42, body.get("count").asLong());
        // Tampering with one byte breaks it.
        byte[] tampered = request.body().clone();
        tampered[tampered.length - 2] ^= 1;
        assertEquals(WebhookVerifier.Result.BAD_SIGNATURE, new WebhookVerifier(SECRET, Clock.systemUTC()).verify(
                request.header(WebhookSigner.TIMESTAMP_HEADER), request.header(WebhookSigner.SIGNATURE_HEADER),
                tampered));
    }

    @Test
    void webhookWithoutASecretSendsNoSignatureHeaders() throws Exception {
        new WebhookSink(receiver.uri("/denywatch"), null, http).send(announce(Incidents.open()));

        Receiver.Request request = receiver.requests().get(0);
        assertNull(request.header(WebhookSigner.SIGNATURE_HEADER));
        assertNull(request.header(WebhookSigner.TIMESTAMP_HEADER));
    }

    @Test
    void pagerDutyGetsTriggerThenResolveWithTheIncidentAsDedupKey() throws Exception {
        receiver.otherwise(r -> Receiver.Answer.of(202,
                "{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"dw-0123456789abcdef\"}"));
        PagerDutySink sink = new PagerDutySink(receiver.uri("/v2/enqueue"), "R0UTINGKEY0123456789", LINKS, http);
        SpikeRecord resolved = Incidents.open(SpikeRecord.State.RESOLVED, 2);

        assertEquals(Outcome.Accepted.plain(), sink.send(announce(Incidents.open())));
        assertEquals(Outcome.Accepted.plain(), sink.send(new Delivery(resolved, Delivery.Kind.RESOLVE, Map.of(),
                SpikeRecord.Severity.CRITICAL)));

        List<Receiver.Request> requests = receiver.requests();
        assertEquals(json(Json.bytes(PagerDutyEvent.trigger(Incidents.open(), "R0UTINGKEY0123456789", LINKS))),
                json(requests.get(0).body()));
        assertEquals(json(Json.bytes(PagerDutyEvent.resolve(resolved, "R0UTINGKEY0123456789"))),
                json(requests.get(1).body()));
        assertEquals("dw-0123456789abcdef", json(requests.get(1).body()).get("dedup_key").asText());
        assertEquals("resolve", json(requests.get(1).body()).get("event_action").asText());
    }

    @Test
    void slackBotPostsOnceThenEditsTheMessageAndRepliesInItsThread() throws Exception {
        receiver.then(Receiver.Answer.of(200, "{\"ok\":true,\"channel\":\"C0INCIDENTS\",\"ts\":\"1700000000.000100\"}"));
        receiver.otherwise(r -> Receiver.Answer.of(200, "{\"ok\":true,\"channel\":\"C0INCIDENTS\",\"ts\":\"1700000001.000200\"}"));
        SlackBotSink sink = new SlackBotSink(receiver.uri("/api"), "xoxb-test-token", "C0INCIDENTS", LINKS, http);

        Outcome announced = sink.send(announce(Incidents.open()));
        assertEquals(new Outcome.Accepted(Map.of("channel", "C0INCIDENTS", "ts", "1700000000.000100")), announced);
        Map<String, String> reference = ((Outcome.Accepted) announced).reference();

        SpikeRecord update = Incidents.open(SpikeRecord.State.UPDATE, 90);
        assertEquals(new Outcome.Accepted(reference), sink.send(new Delivery(update, Delivery.Kind.UPDATE, reference,
                SpikeRecord.Severity.CRITICAL)));
        SpikeRecord resolved = Incidents.open(SpikeRecord.State.RESOLVED, 1);
        sink.send(new Delivery(resolved, Delivery.Kind.RESOLVE, reference, SpikeRecord.Severity.CRITICAL));

        List<Receiver.Request> requests = receiver.requests();
        assertEquals(List.of("/api/chat.postMessage", "/api/chat.update", "/api/chat.postMessage",
                "/api/chat.update", "/api/chat.postMessage"), requests.stream().map(Receiver.Request::path).toList());
        for (Receiver.Request request : requests) {
            assertEquals("Bearer xoxb-test-token", request.header("Authorization"));
        }
        JsonNode post = json(requests.get(0).body());
        assertEquals("C0INCIDENTS", post.get("channel").asText());
        assertEquals(SlackMessage.build(Incidents.open(), LINKS).get("blocks"), post.get("blocks"));
        assertFalse(post.has("thread_ts"));

        JsonNode edit = json(requests.get(1).body());
        assertEquals("1700000000.000100", edit.get("ts").asText());
        assertEquals(SlackMessage.card(update, LINKS).get("blocks"), edit.get("blocks"));
        assertTrue(edit.at("/blocks/1/text/text").asText().startsWith("*318 denials in 15 min, peak 120 per 5 min*"),
                "the channel's one line shows the incident's size: " + edit);
        JsonNode reply = json(requests.get(2).body());
        assertEquals("1700000000.000100", reply.get("thread_ts").asText());
        assertEquals(SlackMessage.threadReply(update).get("text"), reply.get("text"));
        assertTrue(reply.get("text").asText().startsWith("[CRITICAL] Access denial spike UPDATE: 318 denials in 15 "
                + "min, peak 120 per 5 min"), reply.toString());

        JsonNode resolvedEdit = json(requests.get(3).body());
        assertTrue(resolvedEdit.get("blocks").get(0).get("text").get("text").asText().contains("RESOLVED"));
        assertTrue(resolvedEdit.at("/blocks/1/text/text").asText().startsWith("*resolved after 318 denials in 15 min, "
                + "peak 120 per 5 min*"), "the edited message ends with the final size: " + resolvedEdit);
        JsonNode resolvedReply = json(requests.get(4).body());
        assertEquals("1700000000.000100", resolvedReply.get("thread_ts").asText());
        assertEquals(SlackMessage.build(resolved, LINKS).get("blocks"), resolvedReply.get("blocks"));
    }

    @Test
    void slackBotErrorsAreSortedIntoRetryAndRefusal() throws Exception {
        SlackBotSink sink = new SlackBotSink(receiver.uri("/api"), "xoxb-test-token", "C0INCIDENTS", LINKS, http);
        receiver.then(Receiver.Answer.of(200, "{\"ok\":false,\"error\":\"channel_not_found\"}"),
                Receiver.Answer.of(429, "{\"ok\":false,\"error\":\"ratelimited\"}", Map.of("Retry-After", "3")),
                Receiver.Answer.of(200, "{\"ok\":false,\"error\":\"internal_error\"}"),
                Receiver.Answer.of(200, "{\"ok\":false,\"error\":\"<!channel> injected\"}"));

        assertEquals(new Outcome.Rejected(FailureReason.SLACK_ERROR, "chat.postMessage: channel_not_found"),
                sink.send(announce(Incidents.open())));
        Outcome limited = sink.send(announce(Incidents.open()));
        assertEquals(new Outcome.Retry(FailureReason.RATE_LIMITED, Duration.ofSeconds(3),
                "HTTP 429: {\"ok\":false,\"error\":\"ratelimited\"}"), limited);
        assertInstanceOf(Outcome.Retry.class, sink.send(announce(Incidents.open())));
        assertEquals(new Outcome.Rejected(FailureReason.SLACK_ERROR, "chat.postMessage: unknown_error"),
                sink.send(announce(Incidents.open())));
    }

    @Test
    void answersAreSortedIntoAcceptedRetryAndRefusal() throws Exception {
        WebhookSink sink = new WebhookSink(receiver.uri("/hook"), null, http);
        receiver.then(Receiver.Answer.of(204, ""),
                Receiver.Answer.of(429, "slow down", Map.of("Retry-After", "7")),
                Receiver.Answer.of(503, "", Map.of("Retry-After", "2")),
                Receiver.Answer.of(500, "rollup_error"),
                Receiver.Answer.of(408, ""),
                Receiver.Answer.of(400, "invalid_payload"),
                Receiver.Answer.of(404, "channel_not_found"),
                Receiver.Answer.of(302, "", Map.of("Location", receiver.uri("/elsewhere").toString())));

        assertEquals(Outcome.Accepted.plain(), sink.send(announce(Incidents.open())));
        assertEquals(new Outcome.Retry(FailureReason.RATE_LIMITED, Duration.ofSeconds(7), "HTTP 429: slow down"),
                sink.send(announce(Incidents.open())));
        assertEquals(new Outcome.Retry(FailureReason.SERVER_ERROR, Duration.ofSeconds(2), "HTTP 503"),
                sink.send(announce(Incidents.open())));
        assertEquals(new Outcome.Retry(FailureReason.SERVER_ERROR, null, "HTTP 500: rollup_error"),
                sink.send(announce(Incidents.open())));
        assertEquals(new Outcome.Retry(FailureReason.SERVER_ERROR, null, "HTTP 408"),
                sink.send(announce(Incidents.open())));
        assertEquals(new Outcome.Rejected(FailureReason.REJECTED, "HTTP 400: invalid_payload"),
                sink.send(announce(Incidents.open())));
        assertEquals(new Outcome.Rejected(FailureReason.REJECTED, "HTTP 404: channel_not_found"),
                sink.send(announce(Incidents.open())));
        assertEquals(new Outcome.Rejected(FailureReason.REJECTED, "HTTP 302"), sink.send(announce(Incidents.open())));
        assertEquals(8, receiver.requests().size(), "the redirect was not followed");
    }

    @Test
    void aReceiverThatDoesNotAnswerInTimeIsATimeout() throws Exception {
        receiver.then(Receiver.Answer.slow(Duration.ofSeconds(3)));
        HttpPoster impatient = new HttpPoster(Duration.ofMillis(300), Clock.systemUTC());

        Outcome outcome = new WebhookSink(receiver.uri("/hook"), null, impatient).send(announce(Incidents.open()));

        assertEquals(new Outcome.Retry(FailureReason.TIMEOUT, null, "HttpTimeoutException"), outcome);
    }

    @Test
    void aClosedPortIsAConnectionFailureThatDoesNotNameTheAddress() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        URI nobody = URI.create("http://127.0.0.1:" + port + "/services/T0/B0/secret-token");

        Outcome outcome = new SlackWebhookSink(nobody, LINKS, http).send(announce(Incidents.open()));

        Outcome.Retry retry = assertInstanceOf(Outcome.Retry.class, outcome);
        assertEquals(FailureReason.CONNECTION, retry.reason());
        assertFalse(retry.detail().contains("secret-token") || retry.detail().contains(String.valueOf(port)));
    }

    @Test
    void sinksNeverShowTheirAddressOrCredentials() {
        URI url = URI.create("https://hooks.slack.com/services/T0/B0/secret-token");
        String shown = new SlackWebhookSink(url, LINKS, http) + " " + new WebhookSink(url, null, http) + " "
                + new PagerDutySink(url, "R0UTINGKEY0123456789", LINKS, http) + " "
                + new SlackBotSink(url, "xoxb-secret", "C1", LINKS, http);
        assertFalse(shown.contains("secret") || shown.contains("R0UTINGKEY") || shown.contains("hooks.slack.com"),
                shown);
    }
}
