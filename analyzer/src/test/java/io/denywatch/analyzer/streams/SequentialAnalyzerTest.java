package io.denywatch.analyzer.streams;

import com.fasterxml.jackson.databind.JsonNode;
import io.denywatch.common.config.Config;
import io.denywatch.common.event.EventHeaders;
import io.denywatch.common.json.Json;
import io.denywatch.contract.denial.EnrichedDenial;
import io.denywatch.contract.incident.SpikeRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link SequentialAnalyzer} gives what the topology gives under Kafka Streams' test driver, record for record: the
 * same enriched denials, dead letters and incident messages in the same order, and the same counts of duplicates,
 * late and ignored denials. The feeds are random (a fixed seed each, printed on failure) and hold what makes it hard:
 * duplicates within and beyond the eventID retention, late and out-of-order events, events whose time is missing,
 * unreadable or in the future, keyless and unreadable candidates, role names no encoder takes, bursts that open
 * incidents and quiet spells that resolve them, storms that outlast the slices, ignore rules, and windows of other
 * sizes.
 */
class SequentialAnalyzerTest {

    /**
     * The wall clock of both runs: the topology's time extractor reads the real clock to judge times in the future,
     * so the feed's future times are reckoned from it too.
     */
    private static final Instant NOW = Instant.now();
    private static final Instant START = Instant.parse("2026-05-30T08:00:00Z");
    private static final String[] ROLES = {"deploy", "web", "batch", "ci-runner", "lambda-exec"};
    private static final String[] CODES = {"AccessDenied", "AccessDeniedException", "Client.UnauthorizedOperation",
        "UnauthorizedOperation", "ThrottlingException"};
    private static final String[] NAMES = {"PutObject", "GetObject", "DescribeInstances", "AssumeRole"};

    static Stream<Long> seeds() {
        return LongStream.rangeClosed(1, 24).boxed();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void theSequentialAnalyzerGivesWhatTheTopologyGives(long seed) {
        Random random = new Random(seed);
        Map<String, String> settings = settings(random);
        List<TestRecord<byte[], byte[]>> feed = feed(random);

        Outputs topology = throughTheTopology(settings, feed);
        Outputs sequential = sequentially(settings, feed);

        String context = "seed " + seed + ", settings " + settings;
        assertTrue(topology.denials.size() > 50, "the feed has denials: " + context);
        sameInOrder(topology.denials, sequential.denials, "enriched denials, " + context);
        sameInOrder(topology.unreadable, sequential.unreadable, "dead letters, " + context);
        sameInOrder(topology.incidents, sequential.incidents, "incident messages, " + context);
        assertEquals(topology.counters, sequential.counters, "counters, " + context);
    }

    /** Names the first difference, which a comparison of whole lists would bury. */
    private static <T> void sameInOrder(List<T> expected, List<T> actual, String what) {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            assertEquals(expected.get(i), actual.get(i), what + ": item " + i);
        }
        assertEquals(expected.size(), actual.size(), what + ": how many");
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void theFeedsOpenAndResolveIncidents(long seed) {
        Random random = new Random(seed);
        Outputs topology = throughTheTopology(settings(random), feed(random));
        // Else the equality above would say little about the detector.
        assertTrue(topology.incidents.stream().anyMatch(m -> m.path("state").asText().equals("OPEN")),
                "seed " + seed + " opens an incident");
    }

    private static Map<String, String> settings(Random random) {
        Map<String, String> settings = new HashMap<>();
        settings.put("kafka.bootstrap.servers", "unused:9092");
        settings.put("analyzer.spike.learning-period", random.nextInt(3) == 0 ? "20m" : "0s");
        settings.put("analyzer.dedupe-retention", random.nextBoolean() ? "2h" : "24h");
        switch (random.nextInt(3)) {
            case 0 -> { }
            case 1 -> {
                settings.put("analyzer.window.size", "10m");
                settings.put("analyzer.window.advance", "4m");
                settings.put("analyzer.window.grace", "30s");
            }
            default -> {
                settings.put("analyzer.window.size", "2m");
                settings.put("analyzer.window.advance", "2m");
                settings.put("analyzer.window.partition-skew", "0s");
            }
        }
        if (random.nextBoolean()) {
            settings.put("analyzer.ignore.principals", "*:role/batch");
        }
        if (random.nextBoolean()) {
            settings.put("analyzer.dimensions", "principal,account");
        }
        settings.put("analyzer.spike.update-interval", random.nextBoolean() ? "30s" : "2m");
        return settings;
    }

    /** About 1,500 raw events over several hours, in the order a partition would hold them. */
    private static List<TestRecord<byte[], byte[]>> feed(Random random) {
        List<TestRecord<byte[], byte[]>> feed = new ArrayList<>();
        List<TestRecord<byte[], byte[]>> candidates = new ArrayList<>();
        Instant clock = START;
        int id = 0;
        int stormLeft = 0;
        String stormRole = null;
        while (feed.size() < 1500) {
            clock = clock.plusMillis(random.nextInt(20_000));
            if (stormLeft > 0) {
                // A storm: one role refused every few seconds for half an hour or more, an incident longer than the
                // slices are kept; its rate climbs, so the incident keeps growing.
                stormLeft--;
                for (int i = 0; i <= (200 - stormLeft) / 50; i++) {
                    TestRecord<byte[], byte[]> r = RawEvents.scpDenial("e" + id++, stormRole, clock.minusMillis(i));
                    feed.add(r);
                    candidates.add(r);
                }
            } else if (random.nextInt(100) < 2) {
                clock = clock.plus(Duration.ofMinutes(10 + random.nextInt(40)));
            }
            int pick = random.nextInt(1000);
            if (pick < 3 && stormLeft == 0) {
                stormLeft = 200;
                stormRole = ROLES[random.nextInt(ROLES.length)];
            } else if (pick < 15) {
                // A burst: one role, one call, dozens of denials within a minute or two.
                String role = ROLES[random.nextInt(ROLES.length)];
                int n = 15 + random.nextInt(60);
                for (int i = 0; i < n; i++) {
                    TestRecord<byte[], byte[]> r = RawEvents.denial("e" + id++, role,
                            clock.plusMillis(random.nextInt(90_000)), "PutObject", "s3.amazonaws.com", "AccessDenied",
                            "User: arn:aws:sts::" + RawEvents.ACCOUNT + ":assumed-role/" + role
                                    + "/session-1 is not authorized to perform: s3:PutObject on resource:"
                                    + " \\\"arn:aws:s3:::artifacts/build.zip\\\" because no identity-based policy"
                                    + " allows the s3:PutObject action");
                    feed.add(r);
                    candidates.add(r);
                }
            } else if (pick < 500) {
                feed.add(RawEvents.success("e" + id++, time(random, clock)));
            } else if (pick < 900) {
                // Now and then a role name with an unpaired surrogate, which a JSON escape can carry.
                String role = ROLES[random.nextInt(ROLES.length)] + (random.nextInt(40) == 0 ? "\\ud800" : "");
                TestRecord<byte[], byte[]> r = RawEvents.denial("e" + id++, role, time(random, clock),
                        NAMES[random.nextInt(NAMES.length)], "s3.amazonaws.com", CODES[random.nextInt(CODES.length)],
                        "User: arn:aws:sts::" + RawEvents.ACCOUNT + ":assumed-role/" + role + "/session-1 is not"
                                + " authorized to perform: s3:GetObject with an explicit deny in a service control"
                                + " policy");
                feed.add(withOddTime(random, r));
                candidates.add(r);
            } else if (pick < 950 && !candidates.isEmpty()) {
                // A copy of an earlier candidate: redelivered by S3 or SQS, or brought again by EventBridge.
                TestRecord<byte[], byte[]> earlier = candidates.get(random.nextInt(candidates.size()));
                feed.add(random.nextBoolean() ? earlier : RawEvents.viaEventBridge(earlier));
            } else if (pick < 970) {
                feed.add(RawEvents.record("e" + id++, "{\"eventID\": broken", time(random, clock).toString(),
                        "AccessDenied", "s3.amazonaws.com", "GetObject"));
            } else if (pick < 980) {
                TestRecord<byte[], byte[]> r = RawEvents.scpDenial("e" + id++, "web", time(random, clock));
                feed.add(new TestRecord<>(null, r.value(), r.headers(), r.timestamp()));
            } else {
                feed.add(RawEvents.record("e" + id++, "[1, 2]", time(random, clock).toString(), "AccessDenied",
                        "ec2.amazonaws.com", "RunInstances"));
            }
        }
        return feed;
    }

    /** Mostly now; sometimes minutes or hours late. */
    private static Instant time(Random random, Instant clock) {
        int pick = random.nextInt(100);
        if (pick < 6) {
            return clock.minus(Duration.ofMinutes(random.nextInt(240)));
        }
        return pick < 12 ? clock.minusSeconds(random.nextInt(120)) : clock;
    }

    /** Now and then an eventTime that is missing, unreadable or in the future. */
    private static TestRecord<byte[], byte[]> withOddTime(Random random, TestRecord<byte[], byte[]> r) {
        int pick = random.nextInt(100);
        if (pick >= 3) {
            return r;
        }
        RecordHeaders headers = new RecordHeaders(r.headers().toArray());
        headers.remove(EventHeaders.EVENT_TIME);
        if (pick == 1) {
            headers.add(EventHeaders.EVENT_TIME, RawEvents.bytes("yesterday"));
        } else if (pick == 2) {
            headers.add(EventHeaders.EVENT_TIME, RawEvents.bytes(NOW.plus(Duration.ofDays(3)).toString()));
        }
        return new TestRecord<>(r.key(), r.value(), headers, r.timestamp());
    }

    private static Outputs throughTheTopology(Map<String, String> settings, List<TestRecord<byte[], byte[]>> feed) {
        Config config = Config.of(settings);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Properties props = Analyzer.properties(config);
        props.put(StreamsConfig.STATE_DIR_CONFIG, System.getProperty("java.io.tmpdir") + "/dw-seq-" + System.nanoTime());
        Outputs out = new Outputs();
        try (TopologyTestDriver driver = new TopologyTestDriver(AnalyzerTopology.build(
                AnalyzerPlan.from(config).withoutQueryCounts(), new AnalyzerMetrics(registry),
                StateStorage.IN_MEMORY), props, NOW)) {
            TestInputTopic<byte[], byte[]> raw = driver.createInputTopic("cloudtrail.events",
                    new ByteArraySerializer(), new ByteArraySerializer());
            TestOutputTopic<String, String> denials = driver.createOutputTopic("cloudtrail.denials",
                    new StringDeserializer(), new StringDeserializer());
            TestOutputTopic<String, String> spikes = driver.createOutputTopic("cloudtrail.deny-spikes",
                    new StringDeserializer(), new StringDeserializer());
            TestOutputTopic<byte[], byte[]> dead = driver.createOutputTopic("cloudtrail.analyzer.dlq",
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            for (TestRecord<byte[], byte[]> r : feed) {
                // The topology takes headers off the records it passes on: each pipe gets its own.
                raw.pipeInput(new TestRecord<>(r.key(), r.value(), new RecordHeaders(r.headers().toArray()), NOW));
            }
            driver.advanceWallClockTime(Duration.ofMinutes(3));
            denials.readValuesToList().forEach(v -> out.denials.add(json(v)));
            spikes.readValuesToList().forEach(v -> out.incidents.add(json(v)));
            dead.readRecordsToList().stream().map(TestRecord::key).forEach(k -> out.unreadable.add(k == null ? null
                    : new String(k, StandardCharsets.UTF_8)));
        }
        out.count(registry);
        return out;
    }

    private static Outputs sequentially(Map<String, String> settings, List<TestRecord<byte[], byte[]>> feed) {
        Config config = Config.of(settings);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Outputs out = new Outputs();
        SequentialAnalyzer analyzer = new SequentialAnalyzer(AnalyzerPlan.from(config).withoutQueryCounts(),
                new AnalyzerMetrics(registry), new SequentialAnalyzer.Outputs() {
                    @Override
                    public void denial(EnrichedDenial denial) {
                        out.denials.add(asPublished(denial));
                    }

                    @Override
                    public void unreadable(byte[] eventId, String problem) {
                        out.unreadable.add(eventId == null ? null : new String(eventId, StandardCharsets.UTF_8));
                    }

                    @Override
                    public void incident(SpikeRecord message) {
                        out.incidents.add(asPublished(message));
                    }
                }, NOW::toEpochMilli);
        SequentialAnalyzer.Intake intake = analyzer.intake();
        for (TestRecord<byte[], byte[]> r : feed) {
            byte[] eventTime = header(r, EventHeaders.EVENT_TIME);
            byte[] errorCode = header(r, EventHeaders.ERROR_CODE);
            byte[] eventName = header(r, EventHeaders.EVENT_NAME);
            boolean candidate = intake.mayBeDenial(text(errorCode), errorCode != null ? null : text(eventName));
            analyzer.accept(candidate ? intake.candidate(r.key(), eventTime, r.value(),
                    header(r, EventHeaders.SOURCE)) : intake.other(eventTime));
        }
        analyzer.advanceWallClock(Duration.ofMinutes(3));
        out.count(registry);
        return out;
    }

    private static byte[] header(TestRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : h.value();
    }

    private static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    /** The value as a topic would carry it: written, then read back. */
    private static JsonNode asPublished(Object value) {
        try {
            return json(Json.mapper().writeValueAsString(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode json(String s) {
        try {
            return Json.mapper().readTree(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What one run gave. */
    private static final class Outputs {
        final List<JsonNode> denials = new ArrayList<>();
        final List<JsonNode> incidents = new ArrayList<>();
        final List<String> unreadable = new ArrayList<>();
        final Map<String, Double> counters = new HashMap<>();

        void count(SimpleMeterRegistry registry) {
            for (String name : List.of("denywatch.analyzer.events", "denywatch.analyzer.duplicates.dropped", "denywatch.analyzer.ignored",
                    "denywatch.analyzer.late.events", "denywatch.analyzer.unreadable", "denywatch.analyzer.denials",
                    "denywatch.analyzer.incidents")) {
                counters.put(name, registry.find(name).counters().stream().mapToDouble(Counter::count).sum());
            }
        }
    }
}
