package io.denywatch.cli.scan;

import io.denywatch.contract.denial.EnrichedDenial;
import io.denywatch.alerts.config.AlertSettings;
import io.denywatch.alerts.digest.DenialCause;
import io.denywatch.alerts.digest.SpanDigest;
import io.denywatch.contract.Topics;
import com.fasterxml.jackson.databind.JsonNode;
import io.denywatch.contract.incident.SpikeRecord;
import io.denywatch.analyzer.streams.Analyzer;
import io.denywatch.analyzer.streams.AnalyzerMetrics;
import io.denywatch.analyzer.streams.AnalyzerPlan;
import io.denywatch.analyzer.streams.AnalyzerSettings;
import io.denywatch.analyzer.streams.AnalyzerTopology;
import io.denywatch.common.cloudtrail.CloudTrailReader;
import io.denywatch.common.cloudtrail.CloudTrailRecord;
import io.denywatch.common.cloudtrail.LogFileException;
import io.denywatch.common.cloudtrail.RecordSink;
import io.denywatch.common.cloudtrail.RejectedRecord;
import io.denywatch.common.cloudtrail.Shape;
import io.denywatch.common.config.Config;
import io.denywatch.common.json.Json;
import io.denywatch.ingest.pipeline.RawEventFormat;
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

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Runs the analyzer's own topology over log files already on disk or in S3, for one-shot investigations.
 *
 * <p>The topology is the one the service runs ({@link AnalyzerTopology}), executed in this process by Kafka Streams'
 * {@link TopologyTestDriver}: no broker, nothing to start, every record processed in order with the same
 * deduplication, windows and spike rules. Records are fed in the ingestor's own {@link RawEventFormat}. Outputs are
 * drained after every file, so memory holds the totals, not the denials.
 */
public final class Scanner implements AutoCloseable {

    /** What a scan reads: the files CloudTrail delivers, as the ingestor does. */
    public static final Set<Shape> SHAPES = Collections.unmodifiableSet(EnumSet.of(Shape.DELIVERY_FILE));

    private static final int TOP = 10;
    private static final int DIGEST_MAX_KEYS = AlertSettings.DIGEST_MAX_KEYS.defaultValue();
    private static final Duration WALL_CLOCK_MARGIN = Duration.ofSeconds(10);

    private final Config config;
    private final CloudTrailReader reader;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TopologyTestDriver driver;
    private final TestInputTopic<byte[], byte[]> raw;
    private final TestOutputTopic<String, String> denials;
    private final TestOutputTopic<String, String> spikes;
    private final TestOutputTopic<byte[], byte[]> unreadable;
    private final Path stateDir;
    private final Totals totals = new Totals();
    private Consumer<SpikeRecord> incidentListener = spike -> { };
    private Consumer<EnrichedDenial> denialListener;

    public Scanner(Config config, CloudTrailReader reader) {
        this.config = config;
        this.reader = reader;
        try {
            this.stateDir = Files.createTempDirectory("denywatch-scan");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties props = Analyzer.properties(config);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        this.driver = new TopologyTestDriver(AnalyzerTopology.build(AnalyzerPlan.from(config),
                new AnalyzerMetrics(registry)), props);
        this.raw = driver.createInputTopic(Topics.RAW.in(config), new ByteArraySerializer(),
                new ByteArraySerializer());
        this.denials = driver.createOutputTopic(Topics.DENIALS.in(config), new StringDeserializer(),
                new StringDeserializer());
        this.spikes = driver.createOutputTopic(Topics.SPIKES.in(config), new StringDeserializer(),
                new StringDeserializer());
        this.unreadable = driver.createOutputTopic(Topics.ANALYZER_DLQ.in(config),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Hands every incident message, in order, to {@code listener} as the scan finds it (to alert on it, say). */
    public Scanner onIncidentMessage(Consumer<SpikeRecord> listener) {
        this.incidentListener = listener;
        return this;
    }

    /** Hands every enriched denial the topology publishes, in order, to {@code listener} as the scan finds it. */
    public Scanner onDenial(Consumer<EnrichedDenial> listener) {
        this.denialListener = listener;
        return this;
    }

    /** Scans every input, reporting progress after each file. */
    public ScanReport scan(Iterator<ScanInput> inputs, Consumer<Long> afterEachFile) {
        while (inputs.hasNext()) {
            scanOne(inputs.next());
            drain();
            afterEachFile.accept(totals.files);
        }
        sendHeldBackGrowth();
        drain();
        return report();
    }

    /**
     * The end of the logs is the incidents' present: growth the update interval held back is sent, as the service
     * would once the interval had passed on its wall clock. Without this a burst that crossed the threshold at 10 and
     * went on to 60 within a minute would end the scan as its opening message, saying 10. Incidents still open at the
     * end of the logs stay open, unless that last minute completes the quiet that resolves them.
     */
    private void sendHeldBackGrowth() {
        // The analyzer's wall-clock tick is 5 s: the margin lets a tick fall after the interval has passed.
        driver.advanceWallClockTime(config.get(AnalyzerSettings.UPDATE_INTERVAL).plus(WALL_CLOCK_MARGIN));
    }

    /** Scans a stream of inputs. */
    public ScanReport scan(Stream<ScanInput> inputs, Consumer<Long> afterEachFile) {
        return scan(inputs.iterator(), afterEachFile);
    }

    private void scanOne(ScanInput input) {
        totals.files++;
        byte[] source = input.source().getBytes(StandardCharsets.UTF_8);
        try (InputStream in = input.open()) {
            reader.read(in, new RecordSink() {
                @Override
                public void accept(CloudTrailRecord record) {
                    totals.events++;
                    raw.pipeInput(new TestRecord<>(RawEventFormat.key(record), record.bytes(),
                            RawEventFormat.headers(record, source), Instant.now()));
                }

                @Override
                public void reject(RejectedRecord rejected) {
                    totals.errors.add(new ScanReport.Problem(input.source() + "#" + rejected.index(),
                            rejected.problem().code()));
                }
            });
        } catch (LogFileException e) {
            totals.errors.add(new ScanReport.Problem(input.source(), e.problem().code() + ": " + e.getMessage()));
        } catch (Exception e) {
            totals.errors.add(new ScanReport.Problem(input.source(), "unreadable: " + e.getMessage()));
        }
    }

    private void drain() {
        for (String value : denials.readValuesToList()) {
            totals.add(parse(value));
            if (denialListener != null) {
                try {
                    denialListener.accept(Json.mapper().readValue(value, EnrichedDenial.class));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        for (String value : spikes.readValuesToList()) {
            try {
                SpikeRecord spike = Json.mapper().readValue(value, SpikeRecord.class);
                totals.incidents.put(spike.incidentId(), spike);
                incidentListener.accept(spike);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        for (TestRecord<byte[], byte[]> record : unreadable.readRecordsToList()) {
            String id = record.key() == null ? "?" : new String(record.key(), StandardCharsets.UTF_8);
            totals.errors.add(new ScanReport.Problem("event " + id, "unreadable_event"));
        }
    }

    private ScanReport report() {
        return new ScanReport(totals.files, totals.events, totals.authorization, totals.authentication,
                (long) count("denywatch.analyzer.duplicates.dropped"), (long) count("denywatch.analyzer.ignored"),
                new TreeMap<>(totals.byPolicyType), new TreeMap<>(totals.byErrorCode),
                top(totals.principals), top(totals.actions), new ArrayList<>(totals.incidents.values()),
                List.copyOf(totals.errors), totals.digest.digest(totals.incidents.values(), TOP),
                new TreeMap<>(totals.perMinute));
    }

    private double count(String meter) {
        return registry.find(meter).counters().stream().mapToDouble(Counter::count).sum();
    }

    private static List<ScanReport.Ranked> top(Map<String, Long> counts) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(TOP).map(e -> new ScanReport.Ranked(e.getKey(), e.getValue())).toList();
    }

    private static JsonNode parse(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.close();
        try (Stream<Path> walk = Files.walk(stateDir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover folder under the temporary directory does no harm.
        }
    }

    /** Running totals, fed as outputs are drained. */
    private static final class Totals {
        long files;
        long events;
        long authorization;
        long authentication;
        final Map<String, Long> byPolicyType = new HashMap<>();
        final Map<String, Long> byErrorCode = new HashMap<>();
        final Map<String, Long> principals = new HashMap<>();
        final Map<String, Long> actions = new HashMap<>();
        final Map<String, SpikeRecord> incidents = new LinkedHashMap<>();
        final List<ScanReport.Problem> errors = new ArrayList<>();
        final TreeMap<Instant, Long> perMinute = new TreeMap<>();
        final SpanDigest digest = new SpanDigest(DIGEST_MAX_KEYS);

        void add(JsonNode d) {
            if (!"AUTHORIZATION".equals(d.path("category").asText())) {
                authentication++;
                return;
            }
            authorization++;
            Instant eventTime = null;
            try {
                eventTime = Instant.parse(d.path("eventTime").asText());
                perMinute.merge(eventTime.truncatedTo(ChronoUnit.MINUTES), 1L, Long::sum);
            } catch (DateTimeParseException e) {
                // counted everywhere else; only the chart and the digest's span cannot place it
            }
            byPolicyType.merge(d.at("/diagnosis/policyType").asText("UNKNOWN"), 1L, Long::sum);
            byErrorCode.merge(d.path("errorCode").asText("none"), 1L, Long::sum);
            JsonNode who = d.at("/principal/identityArn");
            principals.merge(who.isTextual() ? who.asText() : d.at("/principal/arn").asText("unknown"), 1L,
                    Long::sum);
            if (d.path("action").isTextual()) {
                actions.merge(d.get("action").asText(), 1L, Long::sum);
            }
            digest.add(who.isTextual() ? who.asText() : d.at("/principal/arn").asText("unknown"),
                    d.path("action").isTextual() ? d.get("action").asText()
                            : d.path("eventSource").asText() + ":" + d.path("eventName").asText(),
                    DenialCause.of(d.at("/diagnosis/denyKind").asText(null), d.at("/diagnosis/policyType").asText(null)),
                    eventTime);
        }
    }
}
