package io.denywatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.denywatch.alerts.pagerduty.PagerDutyEvent;
import io.denywatch.alerts.render.AlertLinks;
import io.denywatch.alerts.render.ConsoleText;
import io.denywatch.alerts.render.SlackMessage;
import io.denywatch.alerts.sink.Delivery;
import io.denywatch.alerts.sink.WebhookSink;
import io.denywatch.analyzer.query.DenialQueries;
import io.denywatch.analyzer.query.IncidentsAnswer;
import io.denywatch.analyzer.query.QueryStores;
import io.denywatch.contract.incident.SpikeRecord;
import io.denywatch.analyzer.spike.SpikeState;
import io.denywatch.analyzer.streams.Analyzer;
import io.denywatch.analyzer.streams.AnalyzerMetrics;
import io.denywatch.analyzer.streams.AnalyzerPlan;
import io.denywatch.analyzer.streams.AnalyzerStores;
import io.denywatch.analyzer.streams.AnalyzerTopology;
import io.denywatch.cli.scan.ScanHtml;
import io.denywatch.cli.scan.ScanReport;
import io.denywatch.cli.scan.ScanText;
import io.denywatch.common.config.Config;
import io.denywatch.common.event.EventHeaders;
import io.denywatch.common.json.Json;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Issue 12's acceptance: a burst of 60 denials inside one minute yields an incident whose every final rendering says
 * 60. The real analyzer topology makes the messages; each final one (the UPDATE that carries the grown total, the
 * RESOLVED that closes it) is rendered by every renderer a person or a receiver reads it through.
 *
 * <p>The incident crossed the threshold at a window count of 10, and its later messages still carry that window's
 * count: no rendering may present 10 as the incident's size.
 */
class BurstToldWholeEverywhereTest {

    private static final Instant T0 = Instant.parse("2026-03-02T14:20:00Z");
    private static final String ACCOUNT = "123456789012";
    private static final String DEPLOY = "arn:aws:iam::" + ACCOUNT + ":role/deploy";
    private static final AlertLinks LINKS = AlertLinks.defaults();
    private static final String ROUTING_KEY = "R0123456789abcdef0123456789abcde";
    private static final String SIZE = "60 denials in 1 min, peak 60 per 5 min";
    /** The crossing count written as an incident's size in any of the ways renderings ever wrote one. */
    private static final Pattern TEN_AS_SIZE = Pattern.compile(
            "(?<![\\w.:-])10 denials|(?<![\\w.:-])10x\\b|\\*10\\*|(?<![\\w.:-])10 times|crossed at 10\\b");
    /** The number 10 on its own (not in a time, an id or a longer number). */
    private static final Pattern TEN = Pattern.compile("(?<![\\w.:-])10(?![\\w:])");

    @TempDir
    Path stateDir;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<SpikeRecord> messages = new ArrayList<>();
    private TopologyTestDriver driver;
    private TestOutputTopic<String, String> spikes;

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void aBurstOfSixtyDenialsInsideOneMinuteIsSixtyInEveryFinalRendering() throws Exception {
        Config config = Config.of(Map.of("kafka.bootstrap.servers", "unused:9092",
                "analyzer.spike.learning-period", "0s",
                // One dimension: the others open incidents of their own for the same denials.
                "analyzer.dimensions", "principal"));
        var props = Analyzer.properties(config);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(AnalyzerTopology.build(AnalyzerPlan.from(config),
                new AnalyzerMetrics(registry)), props, T0);
        TestInputTopic<byte[], byte[]> raw = driver.createInputTopic("cloudtrail.events", new ByteArraySerializer(),
                new ByteArraySerializer());
        spikes = driver.createOutputTopic("cloudtrail.deny-spikes", new StringDeserializer(),
                new StringDeserializer());

        for (int i = 0; i < 60; i++) {
            raw.pipeInput(fastPathDenial("burst-" + i, T0.plusMillis(i * 900L)));
        }
        SpikeRecord open = only(SpikeRecord.State.OPEN);
        assertEquals(10, open.count(), "the incident opened the moment its window crossed 10");

        // The growth held back by the update interval goes out on the wall clock, with no further denial.
        driver.advanceWallClockTime(Duration.ofSeconds(65));
        SpikeRecord update = only(SpikeRecord.State.UPDATE);
        assertEquals(60, update.count(), "the update reports the incident's peak window, not the crossing's");
        assertEquals(60, update.totalCount());
        assertTrue(new Delivery(update, Delivery.Kind.UPDATE, Map.of(), open.severity()).severityRose(),
                "the severity rose, so even the Slack webhook (which skips plain growth) posts this update");
        assertToldWhole(update, SIZE);
        JsonNode answer = incidentsAnswer();
        assertEquals(1, answer.get("incidents").size(), answer.toString());
        assertWholeJson(answer.get("incidents").get(0), "UPDATE");

        driver.advanceWallClockTime(Duration.ofMinutes(16));
        SpikeRecord resolved = only(SpikeRecord.State.RESOLVED);
        assertEquals(update.incidentId(), resolved.incidentId());
        assertToldWhole(resolved, "resolved after " + SIZE);
        assertEquals(0, incidentsAnswer().get("incidents").size(), "a resolved incident is no longer open");
    }

    /** Every rendering of {@code message} leads with {@code phrase}, and none gives 10 as the incident's size. */
    private static void assertToldWhole(SpikeRecord message, String phrase) throws Exception {
        for (Map.Entry<String, String> rendering : renderings(message).entrySet()) {
            String name = rendering.getKey() + " of " + message.state();
            String text = rendering.getValue();
            if (name.startsWith("pagerduty") && message.state() == SpikeRecord.State.RESOLVED) {
                // The Events API takes no text with a resolve: the last trigger, the UPDATE's, is what PagerDuty shows.
                JsonNode resolve = Json.mapper().readTree(text);
                assertEquals("resolve", resolve.get("event_action").asText(), text);
                assertFalse(resolve.has("payload"), text);
                continue;
            }
            // "Resolved after ..." starts a sentence in some renderings.
            int said = text.toLowerCase(Locale.ROOT).indexOf(phrase);
            assertTrue(said >= 0, name + " does not say \"" + phrase + "\":\n" + text);
            Matcher ten = TEN_AS_SIZE.matcher(text);
            if (ten.find()) {
                fail(name + " gives 10 as the size (\"" + ten.group() + "\"):\n" + text);
            }
            Matcher firstTen = TEN.matcher(text);
            assertTrue(!firstTen.find() || firstTen.start() > said,
                    name + " shows a 10 before the incident's size:\n" + text);
        }
        JsonNode webhook = Json.mapper().readTree(WebhookSink.body(message));
        assertWholeJson(webhook, message.state().name());
        JsonNode scanJson = Json.mapper().valueToTree(report(message)).get("spikes").get(0);
        assertWholeJson(scanJson, message.state().name());
        if (message.state() != SpikeRecord.State.RESOLVED) {
            JsonNode details = PagerDutyEvent.of(message, ROUTING_KEY, LINKS).at("/payload/custom_details");
            assertEquals(60, details.get("total_count").asLong(), details.toString());
            assertEquals(60, details.get("peak_count").asLong(), details.toString());
            assertEquals(53, details.get("duration_seconds").asLong(), details.toString());
            assertEquals(message.peakWindowStart().toString(), details.get("peak_window_start").asText());
        }
    }

    /** The record's JSON: the v2 fields (schema version 3) with the incident's size, the (peak) window's count beside them. */
    private static void assertWholeJson(JsonNode json, String state) {
        assertEquals(SpikeRecord.SCHEMA_VERSION, json.get("schemaVersion").asInt(), json.toString());
        assertEquals(state, json.get("state").asText(), json.toString());
        assertEquals(60, json.get("totalCount").asLong(), json.toString());
        assertEquals(60, json.get("peakCount").asLong(), json.toString());
        assertEquals(53, json.get("durationSeconds").asLong(), "59 x 0.9 s from the first denial to the last");
        assertEquals(T0.toString(), json.get("startedAt").asText());
        assertEquals(60, json.get("count").asLong(), "the window reported is the peak window: " + json);
        assertEquals(state.equals("RESOLVED"), json.hasNonNull("resolvedAt"), json.toString());
    }

    /** What each renderer makes of the message, as text. */
    private static Map<String, String> renderings(SpikeRecord m) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("slack webhook", SlackMessage.build(m, LINKS).toString());
        out.put("slack bot's edited message", SlackMessage.card(m, LINKS).toString());
        out.put("slack bot's thread reply", (m.state() == SpikeRecord.State.RESOLVED ? SlackMessage.build(m, LINKS)
                : SlackMessage.threadReply(m)).toString());
        out.put("pagerduty", PagerDutyEvent.of(m, ROUTING_KEY, LINKS).toString());
        out.put("console", ConsoleText.render(m, LINKS));
        out.put("scan text", ScanText.render(report(m)));
        out.put("scan html", ScanHtml.render(report(m), "./burst", LINKS, T0.plus(Duration.ofHours(1))));
        return out;
    }

    private static ScanReport report(SpikeRecord m) {
        return new ScanReport(1, 60, 60, 0, 0, 0, Map.of("SERVICE_CONTROL_POLICY", 60L), Map.of("AccessDenied", 60L),
                List.of(new ScanReport.Ranked(DEPLOY, 60)), List.of(new ScanReport.Ranked("s3:PutObject", 60)),
                List.of(m), List.of(), null, new TreeMap<>(Map.of(T0, 60L)));
    }

    /** {@code GET /api/incidents} as the query API answers it from this analyzer's stores. */
    private JsonNode incidentsAnswer() {
        QueryStores stores = new QueryStores() {
            @Override
            public ReadOnlyWindowStore<String, Long> counts() {
                return driver.getWindowStore(AnalyzerStores.QUERY_COUNTS.name());
            }

            @Override
            public ReadOnlyKeyValueStore<String, Long> openIncidents() {
                return driver.getKeyValueStore(AnalyzerStores.OPEN_INCIDENTS.name());
            }

            @Override
            public ReadOnlyKeyValueStore<String, SpikeState> spikeStates() {
                return driver.getKeyValueStore(AnalyzerStores.SPIKE_STATE.name());
            }
        };
        IncidentsAnswer answer = new IncidentsAnswer(false, List.of(), new DenialQueries(stores).openIncidents());
        return Json.mapper().valueToTree(answer);
    }

    /** The one message of the deploy role's incident in {@code state}, reading what the topology has sent. */
    private SpikeRecord only(SpikeRecord.State state) throws Exception {
        for (String value : spikes.readValuesToList()) {
            SpikeRecord message = Json.mapper().readValue(value, SpikeRecord.class);
            if (DEPLOY.equals(message.key().principal())) {
                messages.add(message);
            }
        }
        List<SpikeRecord> in = messages.stream().filter(m -> m.state() == state).toList();
        assertEquals(1, in.size(), state + " in " + messages);
        return in.get(0);
    }

    /**
     * The deploy role's S3 PutObject refused by an SCP, as the ingestor writes a record that came by the EventBridge
     * fast path: the event's JSON, keyed by eventID, with the headers the analyzer filters on.
     */
    private static TestRecord<byte[], byte[]> fastPathDenial(String eventId, Instant time) {
        String session = "arn:aws:sts::" + ACCOUNT + ":assumed-role/deploy/ci-run";
        String json = "{\"eventVersion\":\"1.11\",\"userIdentity\":{\"type\":\"AssumedRole\",\"arn\":\"" + session
                + "\",\"accountId\":\"" + ACCOUNT + "\",\"sessionContext\":{\"sessionIssuer\":{\"type\":\"Role\","
                + "\"arn\":\"" + DEPLOY + "\",\"accountId\":\"" + ACCOUNT + "\",\"userName\":\"deploy\"}}},"
                + "\"eventTime\":\"" + time + "\",\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"PutObject\","
                + "\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"203.0.113.7\",\"errorCode\":\"AccessDenied\","
                + "\"errorMessage\":\"User: " + session + " is not authorized to perform: s3:PutObject on resource: "
                + "\\\"arn:aws:s3:::releases/app.zip\\\" with an explicit deny in a service control policy\","
                + "\"requestParameters\":{\"bucketName\":\"releases\",\"key\":\"app.zip\"},\"requestID\":\"R"
                + eventId + "\",\"eventID\":\"" + eventId + "\",\"eventType\":\"AwsApiCall\","
                + "\"recipientAccountId\":\"" + ACCOUNT + "\"}";
        RecordHeaders headers = new RecordHeaders();
        headers.add(EventHeaders.EVENT_ID, bytes(eventId));
        headers.add(EventHeaders.ERROR_CODE, bytes("AccessDenied"));
        headers.add(EventHeaders.EVENT_SOURCE, bytes("s3.amazonaws.com"));
        headers.add(EventHeaders.EVENT_NAME, bytes("PutObject"));
        headers.add(EventHeaders.EVENT_TIME, bytes(time.toString()));
        headers.add(EventHeaders.RECIPIENT_ACCOUNT_ID, bytes(ACCOUNT));
        headers.add(EventHeaders.SOURCE, bytes("eventbridge:us-east-1/" + eventId));
        return new TestRecord<>(bytes(eventId), bytes(json), headers, time);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
