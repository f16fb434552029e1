package io.denywatch.alerts.deliver;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.denywatch.alerts.incident.Incidents;
import io.denywatch.alerts.incident.Resolutions;
import io.denywatch.alerts.ledger.Ledger;
import io.denywatch.alerts.ledger.Position;
import io.denywatch.alerts.render.AlertLinks;
import io.denywatch.alerts.resolve.ControlledLookup;
import io.denywatch.alerts.route.Route;
import io.denywatch.alerts.sign.WebhookSecret;
import io.denywatch.alerts.sign.WebhookSigner;
import io.denywatch.alerts.sign.WebhookVerifier;
import io.denywatch.alerts.sink.ConsoleSink;
import io.denywatch.alerts.sink.HttpPoster;
import io.denywatch.alerts.sink.PagerDutySink;
import io.denywatch.alerts.sink.Receiver;
import io.denywatch.alerts.sink.SlackBotSink;
import io.denywatch.alerts.sink.SlackWebhookSink;
import io.denywatch.alerts.sink.WebhookSink;
import io.denywatch.common.json.Json;
import io.denywatch.contract.Topics;
import io.denywatch.contract.denial.Resolution;
import io.denywatch.contract.incident.SpikeRecord;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The statements behind an incident, in every sink over real HTTP: carried by the announcement when the lookup answers
 * within the wait, followed up exactly once per sink when it answers later, never again after a restart, escaped
 * wherever they are shown, and never holding back another incident beyond the wait.
 */
class StatementFollowUpsOverHttpTest {

    private static final AlertLinks LINKS = AlertLinks.defaults();
    private static final WebhookSecret SECRET = WebhookSecret.of("whsec-denywatch-test-0123456789");
    private static final String ROUTING_KEY = "R0UTINGKEY0123456789";
    private static final String TS = "1700000000.000100";
    private static final String INCIDENT = "dw-0123456789abcdef";
    private static final Duration SHORT_WAIT = Duration.ofMillis(300);

    private final Receiver slack = new Receiver();
    private final Receiver slackBot = new Receiver().otherwise(r -> Receiver.Answer.of(200,
            "{\"ok\":true,\"channel\":\"C0INCIDENTS\",\"ts\":\"" + TS + "\"}"));
    private final Receiver webhook = new Receiver();
    private final Receiver pagerDuty = new Receiver().otherwise(r -> Receiver.Answer.of(202,
            "{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"" + INCIDENT + "\"}"));
    private final StringWriter console = new StringWriter();
    private final List<RoutedSink> sinks;
    private final DispatcherTest.MemoryStore store = new DispatcherTest.MemoryStore();
    private final List<AlertDeadLetter> deadLetters = new ArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    StatementFollowUpsOverHttpTest() throws IOException {
        HttpPoster http = new HttpPoster(Duration.ofSeconds(5), Clock.systemUTC());
        sinks = List.of(
                routed(new SlackWebhookSink(slack.uri("/services/T0/B0/secret"), LINKS, http)),
                routed(new SlackBotSink(slackBot.uri("/api"), "xoxb-test-token", "C0INCIDENTS", LINKS, http)),
                routed(new WebhookSink(webhook.uri("/denywatch"), new WebhookSigner(SECRET, Clock.systemUTC()),
                        http)),
                routed(new PagerDutySink(pagerDuty.uri("/v2/enqueue"), ROUTING_KEY, LINKS, http)),
                routed(new ConsoleSink(new PrintWriter(console), LINKS)));
    }

    @AfterEach
    void stop() {
        slack.close();
        slackBot.close();
        webhook.close();
        pagerDuty.close();
    }

    private static RoutedSink routed(io.denywatch.alerts.sink.Sink sink) {
        return new RoutedSink(sink, Route.EVERYTHING, Pacer.UNLIMITED);
    }

    private Dispatcher dispatcher(Ledger ledger, ControlledLookup lookup, Duration wait) {
        return new Dispatcher(sinks, ledger, Duration.ofMinutes(30), Duration.ofHours(1),
                new RetryPolicy(Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(5)),
                deadLetters::add, new AlertMetrics(registry), Clock.systemUTC(), lookup, wait);
    }

    private static void handle(Dispatcher dispatcher, SpikeRecord spike, long offset) throws InterruptedException {
        dispatcher.handle(spike, new Position(0, offset), Instant.now(), Waiter.SLEEP);
    }

    private static void followUps(Dispatcher dispatcher) throws InterruptedException {
        dispatcher.followUp(partition -> true, partition -> Waiter.SLEEP);
    }

    private static JsonNode json(Receiver.Request request) throws IOException {
        return Json.mapper().readTree(request.body());
    }

    private static JsonSchema v3() throws IOException {
        try (InputStream in = SpikeRecord.class.getResourceAsStream(Topics.SPIKES.schema())) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
    }

    private double counter(String name, String tag, String value) {
        var found = registry.find(name).tag(tag, value).counter();
        return found == null ? 0 : found.count();
    }

    @Test
    void anAnswerWithinTheWaitGoesOutWithTheAnnouncementInEverySink() throws Exception {
        ControlledLookup lookup = new ControlledLookup();
        Dispatcher dispatcher = dispatcher(new Ledger(store), lookup, Duration.ofSeconds(30));

        CompletableFuture<Void> delivering = CompletableFuture.runAsync(() -> {
            try {
                handle(dispatcher, Incidents.open(), 0);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> lookup.times(INCIDENT) == 1);
        assertTrue(slack.requests().isEmpty(), "the announcement waits for the answer");
        lookup.answer(INCIDENT, Resolutions.scpDeny());
        delivering.get();

        assertTrue(slack.requests().get(0).bodyText().contains(Resolutions.SID));
        JsonNode slackBotPost = json(slackBot.requests().get(0));
        assertTrue(slackBotPost.toString().contains(Resolutions.SID), slackBotPost.toString());
        JsonNode webhookBody = json(webhook.requests().get(0));
        assertEquals(Resolutions.SID, webhookBody.at("/diagnosis/statements/0/sid").asText());
        assertEquals("AES256", webhookBody.at("/diagnosis/statements/0/conditions/0/recordValue").asText());
        assertEquals(Set.of(), v3().validate(webhookBody));
        JsonNode pagerDutyEvent = json(pagerDuty.requests().get(0));
        assertEquals(Resolutions.SID, pagerDutyEvent.at("/payload/custom_details/resolution/statements/0/sid")
                .asText());
        assertTrue(console.toString().contains(Resolutions.SID), console.toString());

        followUps(dispatcher);
        assertEquals(1, slack.requests().size(), "nothing to follow up");
        assertEquals(1, webhook.requests().size());
        assertEquals(1, pagerDuty.requests().size());
        assertEquals(1, counter("denywatch.alerts.lookups.told", "how", "with_alert"));
        assertEquals(1, counter("denywatch.alerts.lookups", "outcome", "resolved"));
    }

    @Test
    void anAnswerAfterTheWaitIsFollowedUpExactlyOncePerSink() throws Exception {
        ControlledLookup lookup = new ControlledLookup();
        Dispatcher dispatcher = dispatcher(new Ledger(store), lookup, SHORT_WAIT);

        handle(dispatcher, Incidents.open(), 0);

        assertEquals(1, slack.requests().size(), "announced without waiting longer");
        assertFalse(json(webhook.requests().get(0)).get("diagnosis").has("resolution"));
        followUps(dispatcher);
        assertEquals(1, webhook.requests().size(), "no answer yet, nothing to follow up");

        lookup.answer(INCIDENT, Resolutions.scpDeny());
        followUps(dispatcher);
        followUps(dispatcher);

        assertFollowedUpOnce();
        assertEquals(1, counter("denywatch.alerts.lookups.told", "how", "follow_up"));
        for (String sink : List.of("slack", "slack-bot", "webhook", "pagerduty", "console")) {
            assertEquals(1, counter("denywatch.alerts.follow.ups.sent", "sink", sink), sink);
        }
    }

    /** Each sink got the announcement and then exactly one follow-up, in its own way. */
    private void assertFollowedUpOnce() throws IOException {
        assertEquals(2, slack.requests().size());
        JsonNode slackFollowUp = json(slack.requests().get(1));
        assertTrue(slackFollowUp.get("text").asText().contains(INCIDENT), "names the incident: " + slackFollowUp);
        assertTrue(slackFollowUp.toString().contains(Resolutions.SID));

        assertEquals(2, slackBot.requests().size());
        Receiver.Request reply = slackBot.requests().get(1);
        assertEquals("/api/chat.postMessage", reply.path());
        assertEquals(TS, json(reply).get("thread_ts").asText(), "a reply in the incident message's thread");
        assertEquals("C0INCIDENTS", json(reply).get("channel").asText());
        assertTrue(reply.bodyText().contains(Resolutions.SID));

        assertEquals(2, webhook.requests().size());
        Receiver.Request event = webhook.requests().get(1);
        assertEquals(WebhookVerifier.Result.VALID, new WebhookVerifier(SECRET, Clock.systemUTC()).verify(
                event.header(WebhookSigner.TIMESTAMP_HEADER), event.header(WebhookSigner.SIGNATURE_HEADER),
                event.body()));
        JsonNode eventBody = json(event);
        assertEquals(Set.of(), v3().validate(eventBody));
        assertEquals(WebhookSink.FOLLOW_UP_EVENT, eventBody.get("event").asText());
        assertEquals(INCIDENT, eventBody.get("incidentId").asText());
        assertEquals(Resolutions.SID, eventBody.at("/diagnosis/statements/0/sid").asText());

        assertEquals(2, pagerDuty.requests().size());
        JsonNode note = json(pagerDuty.requests().get(1));
        assertEquals(json(pagerDuty.requests().get(0)).get("dedup_key"), note.get("dedup_key"));
        assertEquals("trigger", note.get("event_action").asText());
        assertEquals(Resolutions.SUMMARY, note.at("/payload/custom_details/resolution/summary").asText());

        assertEquals(1, console.toString().split("FOLLOW-UP", -1).length - 1, console.toString());
    }

    @Test
    void aRestartAfterTheFollowUpDoesNotSendItAgain() throws Exception {
        ControlledLookup lookup = new ControlledLookup();
        Dispatcher first = dispatcher(new Ledger(store), lookup, SHORT_WAIT);
        handle(first, Incidents.open(), 0);
        lookup.answer(INCIDENT, Resolutions.scpDeny());
        followUps(first);

        ControlledLookup afterRestart = new ControlledLookup();
        Dispatcher restarted = dispatcher(store.reload(), afterRestart, SHORT_WAIT);
        handle(restarted, Incidents.open(), 0);
        followUps(restarted);

        assertFollowedUpOnce();
        assertEquals(0, afterRestart.times(INCIDENT), "the incident is not looked up again");
    }

    @Test
    void aRestartBeforeTheAnswerAsksAgainAndFollowsUpOnce() throws Exception {
        Dispatcher first = dispatcher(new Ledger(store), new ControlledLookup(), SHORT_WAIT);
        handle(first, Incidents.open(), 0);

        ControlledLookup afterRestart = new ControlledLookup();
        Dispatcher restarted = dispatcher(store.reload(), afterRestart, SHORT_WAIT);
        followUps(restarted);
        assertEquals(1, afterRestart.times(INCIDENT), "the lookup under way when it stopped is made again");
        afterRestart.answer(INCIDENT, Resolutions.scpDeny());
        followUps(restarted);
        followUps(restarted);

        assertFollowedUpOnce();
    }

    @Test
    void anAnswerWithNothingToSayIsNotFollowedUp() throws Exception {
        ControlledLookup lookup = new ControlledLookup();
        Dispatcher dispatcher = dispatcher(new Ledger(store), lookup, SHORT_WAIT);
        handle(dispatcher, Incidents.open(), 0);

        lookup.answer(INCIDENT, Resolutions.failed());
        followUps(dispatcher);

        assertEquals(1, slack.requests().size());
        assertEquals(1, slackBot.requests().size());
        assertEquals(1, webhook.requests().size());
        assertEquals(1, pagerDuty.requests().size());
        assertFalse(console.toString().contains("FOLLOW-UP"));
        assertEquals(1, counter("denywatch.alerts.lookups.told", "how", "not_told"));
        assertEquals(1, counter("denywatch.alerts.lookups", "outcome", "lookup_failed"));
    }

    @Test
    void pagerDutyIsNotTriggeredAgainOnceTheIncidentResolved() throws Exception {
        ControlledLookup lookup = new ControlledLookup();
        Dispatcher dispatcher = dispatcher(new Ledger(store), lookup, SHORT_WAIT);
        handle(dispatcher, Incidents.open(), 0);
        handle(dispatcher, Incidents.open(SpikeRecord.State.RESOLVED, 3), 1);

        lookup.answer(INCIDENT, Resolutions.scpDeny());
        followUps(dispatcher);

        List<String> actions = new ArrayList<>();
        for (Receiver.Request request : pagerDuty.requests()) {
            actions.add(json(request).get("event_action").asText());
        }
        assertEquals(List.of("trigger", "resolve"), actions, "a trigger now would open a new alert");
        assertEquals(3, webhook.requests().size(), "the other sinks are still told");
    }

    @Test
    void laterMessagesOfTheIncidentCarryTheAnswer() throws Exception {
        ControlledLookup lookup = new ControlledLookup();
        Dispatcher dispatcher = dispatcher(new Ledger(store), lookup, SHORT_WAIT);
        handle(dispatcher, Incidents.open(), 0);
        lookup.answer(INCIDENT, Resolutions.scpDeny());
        followUps(dispatcher);

        handle(dispatcher, Incidents.open(SpikeRecord.State.UPDATE, 80), 1);

        JsonNode update = json(webhook.requests().get(2));
        assertEquals("UPDATE", update.get("state").asText());
        assertEquals(Resolutions.SID, update.at("/diagnosis/statements/0/sid").asText());
        Receiver.Request edit = slackBot.requests().get(2);
        assertEquals("/api/chat.update", edit.path());
        assertTrue(edit.bodyText().contains(Resolutions.SID), "the edited card keeps the statements");
    }

    @ParameterizedTest
    @ValueSource(strings = {"<!channel>", "<!here>", "<@U123>", "<https://evil.example|click>", "```\u202e\n*bold*"})
    void hostileStringsInStatementsAreEscapedInEverySink(String payload) throws Exception {
        ControlledLookup lookup = new ControlledLookup().answeringAtOnce(INCIDENT, Resolutions.hostile(payload));
        Dispatcher dispatcher = dispatcher(new Ledger(store), lookup, SHORT_WAIT);

        handle(dispatcher, Incidents.open(), 0);

        for (Receiver.Request request : List.of(slack.requests().get(0), slackBot.requests().get(0))) {
            List<String> texts = new ArrayList<>();
            collect(json(request), texts);
            for (String text : texts) {
                assertFalse(text.contains(payload), "raw payload in: " + text);
                assertFalse(text.contains("<!") || text.contains("<@") || text.contains("<https://evil"),
                        "Slack markup in: " + text);
                assertFalse(text.contains("\u202e"), "direction override in: " + text);
            }
        }
        List<String> pagerDutyTexts = new ArrayList<>();
        collect(json(pagerDuty.requests().get(0)).at("/payload/custom_details/resolution"), pagerDutyTexts);
        assertTrue(pagerDutyTexts.stream().noneMatch(t -> t.contains("\u202e") || t.contains("\n")),
                pagerDutyTexts.toString());
        assertFalse(console.toString().contains("\u202e"), "the terminal never gets the override");
        assertEquals(Set.of(), v3().validate(json(webhook.requests().get(0))), "JSON carries it as data");
    }

    @Test
    void aLookupThatNeverAnswersHoldsNoIncidentBeyondTheWait() throws Exception {
        String other = "dw-fedcba9876543210";
        ControlledLookup lookup = new ControlledLookup().answeringAtOnce(other, Resolutions.scpDeny());
        Dispatcher dispatcher = dispatcher(new Ledger(store), lookup, SHORT_WAIT);

        long started = System.nanoTime();
        handle(dispatcher, Incidents.open(), 0);
        Duration firstTook = Duration.ofNanos(System.nanoTime() - started);
        followUps(dispatcher);
        handle(dispatcher, withId(Incidents.open(), other), 0);

        assertTrue(firstTook.compareTo(SHORT_WAIT) >= 0, "it waited: " + firstTook);
        assertTrue(firstTook.compareTo(SHORT_WAIT.plusSeconds(10)) < 0, "and no longer: " + firstTook);
        assertEquals(2, webhook.requests().size());
        assertFalse(json(webhook.requests().get(0)).get("diagnosis").has("resolution"));
        assertEquals(other, json(webhook.requests().get(1)).get("incidentId").asText());
        assertEquals(Resolutions.SID, json(webhook.requests().get(1))
                .at("/diagnosis/statements/0/sid").asText(), "the next incident's answer came in time");
    }

    @Test
    void aZeroWaitNeverWaits() throws Exception {
        ControlledLookup lookup = new ControlledLookup();
        Dispatcher dispatcher = dispatcher(new Ledger(store), lookup, Duration.ZERO);

        handle(dispatcher, Incidents.open(), 0);
        lookup.answer(INCIDENT, Resolutions.scpDeny());
        followUps(dispatcher);

        assertFollowedUpOnce();
    }

    private static SpikeRecord withId(SpikeRecord r, String incidentId) {
        return new SpikeRecord(r.schemaVersion(), incidentId, r.state(), r.severity(), r.dimension(), r.key(),
                r.windowStart(), r.windowEnd(), r.count(), r.baseline(), r.firstSeen(), r.lastSeen(), r.openedAt(),
                r.principalArn(), r.topActions(), r.topResources(), r.topResourceFamilies(), r.topErrorMessages(),
                r.topPolicyTypes(), r.sampleEventIds(), r.sampleRequestIds(), r.diagnosis(), r.totalCount(),
                r.peakCount(), r.peakWindowStart(), r.startedAt(), r.latestAt(), r.resolvedAt());
    }

    private static void collect(JsonNode node, List<String> texts) {
        if (node.isTextual()) {
            texts.add(node.asText());
        }
        node.forEach(child -> collect(child, texts));
    }
}
