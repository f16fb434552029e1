package io.denywatch.alerts.sink;

import com.fasterxml.jackson.databind.JsonNode;
import io.denywatch.alerts.digest.Digests;
import io.denywatch.alerts.render.AlertLinks;
import io.denywatch.alerts.render.DigestSlackMessage;
import io.denywatch.alerts.sign.WebhookSecret;
import io.denywatch.alerts.sign.WebhookSigner;
import io.denywatch.alerts.sign.WebhookVerifier;
import io.denywatch.common.json.Json;
import io.denywatch.contract.digest.Digest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each digest sink on the wire, against a real HTTP server. */
class DigestSinksOverHttpTest {

    private static final WebhookSecret SECRET = WebhookSecret.of("whsec-denywatch-test-0123456789");

    private final Receiver receiver;
    private final HttpPoster http = new HttpPoster(Duration.ofSeconds(5), Clock.systemUTC());
    private final Digest digest = Digests.sample("deploy", 3);

    DigestSinksOverHttpTest() throws Exception {
        receiver = new Receiver();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void slackBotPostsTheDigestAsANewMessageInItsChannel() throws Exception {
        receiver.otherwise(r -> Receiver.Answer.of(200, "{\"ok\":true,\"channel\":\"C0\",\"ts\":\"1.2\"}"));
        SlackBotSink sink = new SlackBotSink(receiver.uri("/api"), "xoxb-test-token", "C0INCIDENTS",
                AlertLinks.defaults(), http);

        Outcome outcome = sink.sendDigest(digest);

        assertInstanceOf(Outcome.Accepted.class, outcome);
        List<Receiver.Request> requests = receiver.requests();
        assertEquals(List.of("/api/chat.postMessage"), requests.stream().map(Receiver.Request::path).toList());
        assertEquals("Bearer xoxb-test-token", requests.get(0).header("Authorization"));
        JsonNode post = Json.mapper().readTree(requests.get(0).body());
        assertEquals("C0INCIDENTS", post.get("channel").asText());
        assertFalse(post.has("thread_ts"));
        assertEquals(DigestSlackMessage.build(digest).get("blocks"), post.get("blocks"));
    }

    @Test
    void slackBotRefusalsAreRefusalsForTheDigestToo() throws Exception {
        receiver.otherwise(r -> Receiver.Answer.of(200, "{\"ok\":false,\"error\":\"channel_not_found\"}"));
        SlackBotSink sink = new SlackBotSink(receiver.uri("/api"), "xoxb-test-token", "C0GONE",
                AlertLinks.defaults(), http);

        Outcome outcome = sink.sendDigest(digest);

        assertEquals(new Outcome.Rejected(FailureReason.SLACK_ERROR, "chat.postMessage: channel_not_found"), outcome);
    }

    @Test
    void theWebhookGetsTheDigestJsonSigned() throws Exception {
        WebhookSink sink = new WebhookSink(receiver.uri("/denywatch"),
                new WebhookSigner(SECRET, Clock.systemUTC()), http);

        assertInstanceOf(Outcome.Accepted.class, sink.sendDigest(digest));

        Receiver.Request request = receiver.requests().get(0);
        assertEquals(WebhookVerifier.Result.VALID, new WebhookVerifier(SECRET, Clock.systemUTC()).verify(
                request.header(WebhookSigner.TIMESTAMP_HEADER), request.header(WebhookSigner.SIGNATURE_HEADER),
                request.body()));
        assertEquals(digest, Json.mapper().readValue(request.body(), Digest.class));
    }

    @Test
    void slackWebhookAndConsoleTakeTheDigestAndPagerDutyDoesNot() throws Exception {
        assertInstanceOf(Outcome.Accepted.class,
                new SlackWebhookSink(receiver.uri("/hook"), AlertLinks.defaults(), http).sendDigest(digest));
        JsonNode posted = Json.mapper().readTree(receiver.requests().get(0).body());
        assertEquals(DigestSlackMessage.build(digest), posted);

        StringWriter printed = new StringWriter();
        new ConsoleSink(new PrintWriter(printed), AlertLinks.defaults()).sendDigest(digest);
        assertTrue(printed.toString().startsWith("== Weekly denial digest"), printed.toString());

        assertFalse(DigestSink.class.isAssignableFrom(PagerDutySink.class), "a digest is not a page");
    }
}
