package io.denywatch.analyzer.streams;

import com.fasterxml.jackson.databind.JsonNode;
import io.denywatch.common.config.Config;
import io.denywatch.common.json.Json;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An incident is reported by its whole size, whichever path brought its denials: the EventBridge fast path seconds
 * after the calls, or the log file minutes later, or both. Each denial counts once, the incident opens once, and its
 * last messages say how many denials it had.
 */
class IncidentToldWholeTest {

    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    private static final String DEPLOY = "arn:aws:iam::123456789012:role/deploy";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<JsonNode> messages = new ArrayList<>();
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> raw;
    private TestOutputTopic<String, String> spikes;

    private void start() {
        Map<String, String> settings = new HashMap<>();
        settings.put("kafka.bootstrap.servers", "unused:9092");
        settings.put("analyzer.spike.learning-period", "0s");
        // Only the principal dimension: the other dimensions open incidents of their own for the same denials.
        settings.put("analyzer.dimensions", "principal");
        Config config = Config.of(settings);
        Properties props = Analyzer.properties(config);
        props.put(StreamsConfig.STATE_DIR_CONFIG, System.getProperty("java.io.tmpdir") + "/dw-ttd-" + System.nanoTime());
        driver = new TopologyTestDriver(AnalyzerTopology.build(AnalyzerPlan.from(config),
                new AnalyzerMetrics(registry)), props, T0);
        raw = driver.createInputTopic("cloudtrail.events", new ByteArraySerializer(), new ByteArraySerializer());
        spikes = driver.createOutputTopic("cloudtrail.deny-spikes", new StringDeserializer(), new StringDeserializer());
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    /** The burst: 60 denials of the deploy role inside one minute. */
    private static List<TestRecord<byte[], byte[]>> burst() {
        List<TestRecord<byte[], byte[]>> burst = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            burst.add(RawEvents.scpDenial("burst-" + i, "deploy", T0.plusMillis(i * 900L)));
        }
        return burst;
    }

    /**
     * Other roles' denials through the fast path, one a minute, up to {@code minutes} after T0: they move the
     * analyzer's event time forward as live traffic does, without a spike of their own.
     */
    private void otherTraffic(int fromMinute, int toMinute) {
        for (int m = fromMinute; m <= toMinute; m++) {
            raw.pipeInput(RawEvents.viaEventBridge(RawEvents.scpDenial("other-" + m, "web-" + m,
                    T0.plus(Duration.ofMinutes(m)))));
        }
    }

    private List<JsonNode> deployMessages() {
        spikes.readValuesToList().stream().map(IncidentToldWholeTest::json)
                .filter(m -> DEPLOY.equals(m.at("/key/principal").asText(null)))
                .forEach(messages::add);
        return messages;
    }

    private void resolve() {
        otherTraffic(11, 30);
        driver.advanceWallClockTime(Duration.ofMinutes(20));
    }

    @Test
    void theFileBringsTheWholeBurstTenMinutesAfterTheFastPathCarriedTooFewToOpen() {
        start();
        List<TestRecord<byte[], byte[]>> burst = burst();
        for (TestRecord<byte[], byte[]> r : burst.subList(0, 5)) {
            raw.pipeInput(RawEvents.viaEventBridge(r));
        }
        otherTraffic(1, 10);
        assertTrue(deployMessages().isEmpty(), "five denials open no incident: " + messages);

        burst.forEach(raw::pipeInput);
        JsonNode open = only(deployMessages(), "OPEN");
        assertEquals(T0.toString(), open.get("startedAt").asText(), "the fast path's denials are the incident's");
        // The file's records arrive one by one here; growth after the crossing waits for the update interval.
        driver.advanceWallClockTime(Duration.ofSeconds(65));
        JsonNode latest = deployMessages().get(messages.size() - 1);
        assertEquals(open.get("incidentId"), latest.get("incidentId"));
        assertEquals(60, latest.get("totalCount").asLong(), "the file's late denials are the incident's");
        assertEquals(60, latest.get("peakCount").asLong());

        resolve();
        JsonNode last = only(deployMessages(), "RESOLVED");
        assertEquals(open.get("incidentId"), last.get("incidentId"));
        assertEquals(60, last.get("totalCount").asLong());
        assertEquals(1, messages.stream().filter(m -> m.get("state").asText().equals("OPEN")).count());
    }

    @Test
    void theFastPathOpensTheIncidentAndTheFileAddsTheRestToIt() {
        start();
        List<TestRecord<byte[], byte[]>> burst = burst();
        for (TestRecord<byte[], byte[]> r : burst.subList(0, 12)) {
            raw.pipeInput(RawEvents.viaEventBridge(r));
        }
        JsonNode open = only(deployMessages(), "OPEN");
        assertEquals(10, open.get("count").asLong(), "opened the moment it crossed");
        assertEquals(10, open.get("totalCount").asLong());

        otherTraffic(1, 10);
        burst.forEach(raw::pipeInput);     // the log file: 12 duplicates, 48 new
        driver.advanceWallClockTime(Duration.ofSeconds(65));
        List<JsonNode> sent = deployMessages();
        JsonNode update = sent.get(sent.size() - 1);
        assertEquals("UPDATE", update.get("state").asText(), sent.toString());
        assertEquals(open.get("incidentId"), update.get("incidentId"));
        assertEquals(60, update.get("totalCount").asLong());
        assertEquals(60, update.get("peakCount").asLong());

        resolve();
        List<JsonNode> all = deployMessages();
        assertEquals(1, all.stream().filter(m -> m.get("state").asText().equals("OPEN")).count(), all.toString());
        assertEquals(1, all.stream().map(m -> m.get("incidentId").asText()).distinct().count(), all.toString());
        JsonNode resolved = only(all, "RESOLVED");
        assertEquals(60, resolved.get("totalCount").asLong());
        assertEquals(12.0, registry.counter("denywatch.analyzer.duplicates.dropped").count(),
                "every denial the fast path brought was dropped when the file brought it again");
    }

    @Test
    void aBurstOfSixtyInOneMinuteEndsAsSixtyInEveryFinalMessage() {
        start();
        burst().forEach(r -> raw.pipeInput(RawEvents.viaEventBridge(r)));
        JsonNode open = deployMessages().get(0);
        assertEquals("OPEN", open.get("state").asText());
        assertEquals(10, open.get("totalCount").asLong());

        // Nothing more arrives: the growth held back by the update interval goes out on the wall clock.
        driver.advanceWallClockTime(Duration.ofSeconds(65));
        JsonNode update = deployMessages().get(messages.size() - 1);
        assertEquals("UPDATE", update.get("state").asText(), messages.toString());
        assertEquals(60, update.get("totalCount").asLong());
        assertEquals(60, update.get("peakCount").asLong());
        assertEquals("HIGH", update.get("severity").asText(), "60 is six times the minimum of ten");
        assertEquals(60, update.get("count").asLong(), "the update reports the peak window, not the crossing's");
        assertEquals(60, update.at("/topActions/0/count").asLong());

        driver.advanceWallClockTime(Duration.ofMinutes(16));
        JsonNode resolved = only(deployMessages(), "RESOLVED");
        assertEquals(60, resolved.get("totalCount").asLong());
        assertEquals(60, resolved.get("peakCount").asLong());
        assertEquals(53, resolved.get("durationSeconds").asLong(), "59 x 0.9 s from the first to the last");
        assertTrue(resolved.hasNonNull("resolvedAt"));
        assertEquals(1, messages.stream().filter(m -> m.get("state").asText().equals("OPEN")).count());
    }

    private static JsonNode only(List<JsonNode> messages, String state) {
        List<JsonNode> in = messages.stream().filter(m -> m.get("state").asText().equals(state)).toList();
        assertEquals(1, in.size(), state + " in " + messages);
        return in.get(0);
    }

    private static JsonNode json(String s) {
        try {
            return Json.mapper().readTree(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
