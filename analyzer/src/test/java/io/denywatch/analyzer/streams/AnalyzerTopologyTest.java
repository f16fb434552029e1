package io.denywatch.analyzer.streams;

import io.denywatch.analyzer.window.Occurrence;

import com.fasterxml.jackson.databind.JsonNode;
import io.denywatch.common.config.Config;
import io.denywatch.common.json.Json;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnalyzerTopologyTest {

    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> raw;
    private TestOutputTopic<String, String> denials;
    private TestOutputTopic<String, String> spikes;
    private TestOutputTopic<byte[], byte[]> deadLetters;

    private void start(Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>();
        settings.put("kafka.bootstrap.servers", "unused:9092");
        settings.put("analyzer.spike.learning-period", "0s");
        settings.putAll(overrides);
        Config config = Config.of(settings);
        Properties props = Analyzer.properties(config);
        props.put(StreamsConfig.STATE_DIR_CONFIG, System.getProperty("java.io.tmpdir") + "/dw-ttd-" + System.nanoTime());
        driver = new TopologyTestDriver(AnalyzerTopology.build(AnalyzerPlan.from(config),
                new AnalyzerMetrics(registry)), props, T0);
        raw = driver.createInputTopic("cloudtrail.events", new ByteArraySerializer(), new ByteArraySerializer());
        denials = driver.createOutputTopic("cloudtrail.denials", new StringDeserializer(), new StringDeserializer());
        spikes = driver.createOutputTopic("cloudtrail.deny-spikes", new StringDeserializer(), new StringDeserializer());
        deadLetters = driver.createOutputTopic("cloudtrail.analyzer.dlq", new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void onlyDenialsComeOutEnrichedAndKeyedByTheRole() {
        start(Map.of());
        raw.pipeInput(RawEvents.success("ok-1", T0));
        raw.pipeInput(RawEvents.denial("throttled-1", "deploy", T0, "PutObject", "s3.amazonaws.com",
                "ThrottlingException", "Rate exceeded"));
        raw.pipeInput(RawEvents.denial("dry-1", "deploy", T0, "RunInstances", "ec2.amazonaws.com",
                "Client.DryRunOperation", "Request would have succeeded, but DryRun flag is set."));
        raw.pipeInput(RawEvents.scpDenial("deny-1", "deploy", T0));

        List<org.apache.kafka.streams.KeyValue<String, String>> out = denials.readKeyValuesToList();
        assertEquals(1, out.size());
        assertEquals("arn:aws:iam::123456789012:role/deploy", out.get(0).key);
        JsonNode d = json(out.get(0).value);
        assertEquals("deny-1", d.get("eventId").asText());
        assertEquals("AUTHORIZATION", d.get("category").asText());
        assertEquals("s3:PutObject", d.get("action").asText());
        assertEquals("SERVICE_CONTROL_POLICY", d.at("/diagnosis/policyType").asText());
        assertEquals("trail", d.at("/source/bucket").asText());
        assertEquals(4, count("denywatch.analyzer.events"));
    }

    @Test
    void countsAreRepartitionedWithoutTheRawHeadersThatTheEnrichedTopicKeeps() {
        start(Map.of());
        raw.pipeInput(RawEvents.scpDenial("deny-1", "deploy", T0));

        TestRecord<String, String> enriched = denials.readRecord();
        assertEquals("deny-1", new String(enriched.headers().lastHeader("eventID").value(),
                java.nio.charset.StandardCharsets.UTF_8));
        for (String topic : List.of("denywatch-analyzer-denials-by-dimension-repartition",
                "denywatch-analyzer-denials-for-queries-repartition")) {
            List<TestRecord<byte[], byte[]>> records = driver.createOutputTopic(topic, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer()).readRecordsToList();
            assertTrue(records.size() >= 2, topic + ": " + records.size() + " records");
            for (TestRecord<byte[], byte[]> r : records) {
                // A denial read while the analyzer keeps up carries one empty mark to the counting stage, no more.
                boolean counting = topic.contains("by-dimension");
                org.apache.kafka.common.header.Header[] headers = r.headers().toArray();
                assertTrue(headers.length == 0 || counting && headers.length == 1
                        && headers[0].key().equals(EarlyCommit.HEADER) && headers[0].value().length == 0,
                        topic + " carries " + r.headers());
            }
        }
    }

    @Test
    void eachEventIdCountsOnceHoweverOftenItIsDelivered() {
        start(Map.of());
        for (int i = 0; i < 3; i++) {
            raw.pipeInput(RawEvents.scpDenial("same-id", "deploy", T0));
        }
        raw.pipeInput(RawEvents.scpDenial("other-id", "deploy", T0.plusSeconds(1)));
        assertEquals(2, denials.readValuesToList().size());
        assertEquals(2, count("denywatch.analyzer.duplicates.dropped"));
    }

    @Test
    void copiesWhoseTimeCannotBeReadAreDroppedThoughTheyTakeDifferentTimes() {
        start(Map.of());
        raw.pipeInput(RawEvents.success("ok-1", T0));
        raw.pipeInput(withEventTime(RawEvents.scpDenial("no-time", "deploy", T0), "yesterday-ish"));
        raw.pipeInput(RawEvents.success("ok-2", T0.plusSeconds(600)));
        // The second copy takes the partition's time, ten minutes after the first copy's.
        raw.pipeInput(withEventTime(RawEvents.scpDenial("no-time", "deploy", T0), "yesterday-ish"));
        assertEquals(1, denials.readValuesToList().size());
        assertEquals(1, count("denywatch.analyzer.duplicates.dropped"));
    }

    private static TestRecord<byte[], byte[]> withEventTime(TestRecord<byte[], byte[]> r, String eventTime) {
        r.headers().remove("eventTime");
        r.headers().add("eventTime", RawEvents.bytes(eventTime));
        return r;
    }

    /**
     * Text the analyzer's Smile state would refuse: a role name carrying an unpaired surrogate (a JSON escape can), and
     * an error message whose cut would fall between the halves of an emoji. Such denials are counted like any other,
     * and the ones after them too, instead of stopping the task at every retry.
     */
    @Test
    void textThatNoEncoderTakesIsRepairedBeforeItIsCounted() {
        start(Map.of("analyzer.spike.min-count", "10"));
        String longKey = "x".repeat(Occurrence.MAX_MESSAGE - 1 - "User: deploy".length());
        for (int i = 0; i < 12; i++) {
            raw.pipeInput(RawEvents.denial("odd-" + i, "deploy\\ud800", T0.plusSeconds(5L * i), "PutObject",
                    "s3.amazonaws.com", "AccessDenied", "User: deploy" + longKey + "\\ud83d\\ude80 is not authorized"));
        }
        raw.pipeInput(RawEvents.scpDenial("after", "web", T0.plusSeconds(70)));
        assertEquals(13, denials.readValuesToList().size());
        List<JsonNode> opened = spikes.readValuesToList().stream().map(AnalyzerTopologyTest::json).toList();
        JsonNode byPrincipal = opened.stream().filter(s -> s.get("dimension").asText().equals("principal"))
                .findFirst().orElseThrow(() -> new AssertionError("no incident: " + opened));
        assertEquals("arn:aws:iam::123456789012:role/deploy\uFFFD", byPrincipal.at("/key/principal").asText());
        String message = byPrincipal.at("/topErrorMessages/0/value").asText();
        assertEquals(Occurrence.MAX_MESSAGE - 1, message.length(), "cut before the emoji, not through it");
        assertEquals(0, count("denywatch.analyzer.unreadable"));
    }

    @Test
    void aBurstOpensOneIncidentPerDimensionWhichResolvesAfterQuietWindows() {
        start(Map.of("analyzer.spike.min-count", "10"));
        for (int i = 0; i < 12; i++) {
            raw.pipeInput(RawEvents.scpDenial("burst-" + i, "deploy", T0.plusSeconds(5L * i)));
        }
        List<JsonNode> opened = spikes.readValuesToList().stream().map(AnalyzerTopologyTest::json).toList();
        assertEquals(3, opened.size(), "one per dimension: " + opened);
        for (JsonNode s : opened) {
            assertEquals("OPEN", s.get("state").asText());
            assertEquals(10, s.get("count").asInt(), "fired the moment the tenth denial arrived");
            assertEquals("SERVICE_CONTROL_POLICY", s.at("/diagnosis/policyType").asText());
        }
        JsonNode byPrincipal = opened.stream().filter(s -> s.get("dimension").asText().equals("principal"))
                .findFirst().orElseThrow();
        assertEquals("arn:aws:iam::123456789012:role/deploy", byPrincipal.at("/key/principal").asText());
        JsonNode narrow = opened.stream()
                .filter(s -> s.get("dimension").asText().equals("principal-action-resource")).findFirst().orElseThrow();
        assertEquals("s3:PutObject", narrow.at("/key/action").asText());
        assertEquals("arn:aws:s3:::artifacts", narrow.at("/key/resourceFamily").asText());

        // Another role's denial 16 minutes later moves stream time past three quiet 5-minute windows.
        raw.pipeInput(RawEvents.scpDenial("later", "other", T0.plus(Duration.ofMinutes(16))));
        List<JsonNode> after = spikes.readValuesToList().stream().map(AnalyzerTopologyTest::json).toList();
        assertEquals(3, after.stream().filter(s -> s.get("state").asText().equals("RESOLVED")).count(), "" + after);
        for (JsonNode open : opened) {
            assertTrue(after.stream().anyMatch(r -> r.get("incidentId").equals(open.get("incidentId"))));
        }
    }

    @Test
    void aLateDenialCountsOnlyInTheWindowsStillOpen() {
        // Without the account dimension, which would count the other role's denial with the burst.
        start(Map.of("analyzer.spike.min-count", "10", "analyzer.window.grace", "1m",
                "analyzer.dimensions", "principal,principal-action-resource"));
        Instant burst = T0.plus(Duration.ofMinutes(3));
        for (int i = 0; i < 9; i++) {
            raw.pipeInput(RawEvents.scpDenial("early-" + i, "deploy", burst.plusSeconds(i)));
        }
        // Another role moves stream time to T0 + 7m: of the five windows containing the burst, those ending at
        // T0 + 4m, 5m and 6m are closed (end plus 1m of grace is not after stream time); those starting at T0 + 2m
        // and 3m still take denials.
        raw.pipeInput(RawEvents.scpDenial("later", "other", T0.plus(Duration.ofMinutes(7))));
        assertTrue(spikes.isEmpty());
        raw.pipeInput(RawEvents.scpDenial("late", "deploy", burst.plusSeconds(30)));

        List<JsonNode> opened = spikes.readValuesToList().stream().map(AnalyzerTopologyTest::json).toList();
        assertEquals(2, opened.size(), "one per dimension: " + opened);
        for (JsonNode s : opened) {
            assertEquals("OPEN", s.get("state").asText());
            // A closed window counting the late denial would have reached ten first: windows are judged oldest first.
            assertEquals(T0.plus(Duration.ofMinutes(2)).toString(), s.get("windowStart").asText(), "" + s);
            assertEquals(10, s.get("count").asInt());
        }
        assertEquals(0, count("denywatch.analyzer.late.events"), "within the grace of its newest window");
    }

    @Test
    void aSilentKeyResolvesOnTheWallClock() {
        start(Map.of());
        for (int i = 0; i < 10; i++) {
            raw.pipeInput(RawEvents.scpDenial("quiet-" + i, "deploy", T0.plusSeconds(i)));
        }
        assertEquals(3, spikes.readValuesToList().size());
        driver.advanceWallClockTime(Duration.ofMinutes(16));
        List<JsonNode> after = spikes.readValuesToList().stream().map(AnalyzerTopologyTest::json).toList();
        assertEquals(3, after.size());
        assertTrue(after.stream().allMatch(s -> s.get("state").asText().equals("RESOLVED")));
    }

    @Test
    void authenticationFailuresAreKeptApartFromDenialSpikes() {
        start(Map.of());
        for (int i = 0; i < 20; i++) {
            raw.pipeInput(RawEvents.denial("token-" + i, "deploy", T0.plusSeconds(i), "ListBuckets",
                    "s3.amazonaws.com", "ExpiredToken", "The provided token has expired."));
        }
        List<JsonNode> out = denials.readValuesToList().stream().map(AnalyzerTopologyTest::json).toList();
        assertEquals(20, out.size());
        assertTrue(out.stream().allMatch(d -> d.get("category").asText().equals("AUTHENTICATION")));
        assertTrue(spikes.isEmpty(), "authentication failures never make a denial spike");
    }

    @Test
    void ignoredDenialsReachTheTopicButNotTheCounts() {
        start(Map.of());
        for (int i = 0; i < 20; i++) {
            raw.pipeInput(RawEvents.denial("probe-" + i, "monitor", T0.plusSeconds(i), "HeadBucket",
                    "s3.amazonaws.com", "AccessDenied", "Access Denied"));
        }
        assertEquals(20, denials.readValuesToList().size());
        assertTrue(spikes.isEmpty());
        assertEquals(20, registry.counter("denywatch.analyzer.ignored", "rule", "event_name").count());
    }

    @Test
    void lateEventsStillReachTheTopicAndAreCounted() {
        start(Map.of());
        raw.pipeInput(RawEvents.scpDenial("now", "deploy", T0.plus(Duration.ofHours(2))));
        raw.pipeInput(RawEvents.scpDenial("old", "deploy", T0));
        assertEquals(2, denials.readValuesToList().size());
        assertEquals(1, count("denywatch.analyzer.late.events"));
    }

    @Test
    void anUnreadableCandidateGoesToTheDeadLetterTopicAndTheStreamGoesOn() {
        start(Map.of());
        raw.pipeInput(RawEvents.record("broken", "{\"eventID\": \"broken\", ", T0.toString(), "AccessDenied",
                "s3.amazonaws.com", "PutObject"));
        raw.pipeInput(RawEvents.scpDenial("fine", "deploy", T0));
        List<TestRecord<byte[], byte[]>> letters = deadLetters.readRecordsToList();
        assertEquals(1, letters.size());
        assertEquals("{\"eventID\": \"broken\", ", new String(letters.get(0).value()));
        assertEquals(1, denials.readValuesToList().size());
    }

    @Test
    void anUnreadableEventTimeFallsBackToTheRecordTimeNotEpochZero() {
        start(Map.of());
        TestRecord<byte[], byte[]> r = RawEvents.scpDenial("no-time", "deploy", T0);
        r.headers().remove("eventTime");
        r.headers().add("eventTime", RawEvents.bytes("yesterday-ish"));
        raw.pipeInput(r);
        TestRecord<String, String> out = denials.readRecord();
        assertEquals(Instant.parse("2026-01-01T00:00:00Z"), out.getRecordTime());
        assertNotEquals(Instant.EPOCH, out.getRecordTime());
    }

    @Test
    void anEventDatedFarInTheFutureDoesNotPushTheWindowsAheadOfTheRealEvents() {
        start(Map.of());
        TestRecord<byte[], byte[]> bogus = RawEvents.scpDenial("from-9999", "deploy", T0);
        bogus.headers().remove("eventTime");
        bogus.headers().add("eventTime", RawEvents.bytes("9999-12-31T23:59:59Z"));
        raw.pipeInput(RawEvents.scpDenial("before", "deploy", T0));
        raw.pipeInput(bogus);
        raw.pipeInput(RawEvents.scpDenial("after", "deploy", T0.plusSeconds(30)));

        List<TestRecord<String, String>> out = denials.readRecordsToList();
        assertEquals(3, out.size());
        assertEquals(T0, out.get(1).getRecordTime(), "the future event takes the partition's time");
        assertEquals(0.0, registry.find("denywatch.analyzer.late.events").counter().count(),
                "the event after it is not late");
        assertEquals(1.0, registry.get("denywatch.analyzer.event.time.fallbacks").tag("reason", "future")
                .functionCounter().count());
    }

    @Test
    void everyIncidentMessageMatchesThePublishedSchema() throws Exception {
        start(Map.of("analyzer.spike.update-interval", "1m"));
        for (int i = 0; i < 40; i++) {
            raw.pipeInput(RawEvents.scpDenial("s-" + i, "deploy", T0.plusSeconds(10L * i)));
        }
        raw.pipeInput(RawEvents.scpDenial("later", "other", T0.plus(Duration.ofMinutes(30))));
        List<JsonNode> messages = spikes.readValuesToList().stream().map(AnalyzerTopologyTest::json).toList();
        assertTrue(messages.stream().anyMatch(m -> m.get("state").asText().equals("UPDATE")), "" + messages);
        assertTrue(messages.stream().anyMatch(m -> m.get("state").asText().equals("RESOLVED")), "" + messages);
        com.networknt.schema.JsonSchema schema;
        try (java.io.InputStream in = getClass().getResourceAsStream("/schemas/deny-spike.v3.schema.json")) {
            schema = com.networknt.schema.JsonSchemaFactory.getInstance(
                    com.networknt.schema.SpecVersion.VersionFlag.V202012).getSchema(in);
        }
        for (JsonNode m : messages) {
            assertEquals(java.util.Set.of(), schema.validate(m), m.toString());
        }
        com.fasterxml.jackson.databind.node.ObjectNode wrong = messages.get(0).deepCopy();
        wrong.put("state", "CLOSED");
        wrong.remove("incidentId");
        assertEquals(2, schema.validate(wrong).size(), "the schema catches a wrong state and a missing id");
    }

    @Test
    void theCloudTrailTimeFormatIsReadExactly() {
        assertEquals(Instant.parse("2023-07-10T11:42:36Z").toEpochMilli(),
                EventTimeExtractor.parse(RawEvents.bytes("2023-07-10T11:42:36Z")));
        assertEquals(Instant.parse("2024-02-29T23:59:59.123Z").toEpochMilli(),
                EventTimeExtractor.parse(RawEvents.bytes("2024-02-29T23:59:59.123Z")));
        assertEquals(Long.MIN_VALUE, EventTimeExtractor.parse(RawEvents.bytes("2023-02-30T11:42:36Z")));
        assertEquals(Long.MIN_VALUE, EventTimeExtractor.parse(RawEvents.bytes("not a time")));
    }

    private double count(String name) {
        return registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }

    private static JsonNode json(String s) {
        try {
            return Json.mapper().readTree(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
