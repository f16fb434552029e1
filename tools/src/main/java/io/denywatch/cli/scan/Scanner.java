package io.denywatch.cli.scan;

import com.fasterxml.jackson.databind.JsonNode;
import io.denywatch.alerts.config.AlertSettings;
import io.denywatch.alerts.digest.DenialCause;
import io.denywatch.alerts.digest.SpanDigest;
import io.denywatch.analyzer.classify.ErrorCodes;
import io.denywatch.analyzer.streams.Analyzer;
import io.denywatch.analyzer.streams.AnalyzerMetrics;
import io.denywatch.analyzer.streams.AnalyzerPlan;
import io.denywatch.analyzer.streams.AnalyzerSettings;
import io.denywatch.analyzer.streams.AnalyzerTopology;
import io.denywatch.analyzer.streams.StateStorage;
import io.denywatch.common.cloudtrail.CloudTrailReader;
import io.denywatch.common.cloudtrail.CloudTrailRecord;
import io.denywatch.common.cloudtrail.LogFileException;
import io.denywatch.common.cloudtrail.RecordSink;
import io.denywatch.common.cloudtrail.RejectedRecord;
import io.denywatch.common.cloudtrail.Shape;
import io.denywatch.common.config.Config;
import io.denywatch.common.event.EventHeaders;
import io.denywatch.common.json.Json;
import io.denywatch.contract.Topics;
import io.denywatch.contract.denial.EnrichedDenial;
import io.denywatch.contract.incident.SpikeRecord;
import io.denywatch.ingest.pipeline.RawEventFormat;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.header.internals.RecordHeaders;
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
 *
 * <p>Files are read on every core ({@link FileJudge}, {@link OrderedParallel}) and reach the topology in delivery
 * order, each as its denial candidates and the event times that move the topology's clock: the other events would
 * be dropped by the topology's first step unread, so the report is the one a sequential feed of every event gives
 * ({@code ParallelScanEqualsSequentialTest} holds the two side by side).
 */
public final class Scanner implements AutoCloseable {

    /** What a scan reads: every shape saved CloudTrail events come in, delivery files or exports, mixed at will. */
    public static final Set<Shape> SHAPES = Collections.unmodifiableSet(EnumSet.allOf(Shape.class));

    private static final int TOP = 10;
    private static final byte[] CLOCK_KEY = "clock".getBytes(StandardCharsets.UTF_8);
    private static final byte[] CLOCK_VALUE = new byte[0];
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
    private final FileJudge judge;
    private Consumer<SpikeRecord> incidentListener = spike -> { };
    private int threads = Runtime.getRuntime().availableProcessors();
    private final boolean everyEvent;
    private boolean piped;
    private long streamTime = Long.MIN_VALUE;
    private Consumer<EnrichedDenial> denialListener;

    public Scanner(Config config, CloudTrailReader reader) {
        this(config, reader, StateStorage.IN_MEMORY, false);
    }

    /**
     * The plain reading the parallel scan must equal, kept to prove it: every event fed to the topology, one file
     * after the other on this thread, with the topology's state on disk behind its cache, as the service keeps it.
     */
    static Scanner everyEventOnDisk(Config config, CloudTrailReader reader) {
        return new Scanner(config, reader, StateStorage.ON_DISK, true);
    }

    private Scanner(Config config, CloudTrailReader reader, StateStorage storage, boolean everyEvent) {
        this.everyEvent = everyEvent;
        this.config = config;
        this.reader = reader;
        try {
            this.stateDir = Files.createTempDirectory("denywatch-scan");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties props = Analyzer.properties(config);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        // State in memory: the driver commits after every record, which RocksDB would pay for with a file per commit.
        // No query counts: nothing queries a scan, and they would cost a repartition and a count per denial.
        this.driver = new TopologyTestDriver(AnalyzerTopology.build(AnalyzerPlan.from(config).withoutQueryCounts(),
                new AnalyzerMetrics(registry), storage), props);
        this.raw = driver.createInputTopic(Topics.RAW.in(config), new ByteArraySerializer(),
                new ByteArraySerializer());
        this.denials = driver.createOutputTopic(Topics.DENIALS.in(config), new StringDeserializer(),
                new StringDeserializer());
        this.spikes = driver.createOutputTopic(Topics.SPIKES.in(config), new StringDeserializer(),
                new StringDeserializer());
        this.unreadable = driver.createOutputTopic(Topics.ANALYZER_DLQ.in(config),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.judge = new FileJudge(reader, ErrorCodes.from(config), System::currentTimeMillis);
    }

    /** Reads files on this many threads (default: one per core). */
    public Scanner withThreads(int readers) {
        this.threads = Math.max(1, readers);
        return this;
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
        if (everyEvent) {
            while (inputs.hasNext()) {
                scanOne(inputs.next());
                drain();
                afterEachFile.accept(totals.files);
            }
        } else {
            // A few files per reader thread ahead of the topology keeps every core busy, and memory to a few files'
            // candidates.
            try (OrderedParallel<ScanInput, JudgedFile> files = new OrderedParallel<>(inputs, judge::judge, threads,
                    threads * 4)) {
                while (files.hasNext()) {
                    feed(files.next());
                    drain();
                    afterEachFile.accept(totals.files);
                }
            }
        }
        sendHeldBackGrowth();
        drain();
        return report();
    }

    /**
     * Gives the topology one judged file: its candidates whole, and for the other events a record carrying only the
     * time, wherever that time moves the topology's clock (or opens the scan), which the topology's first step then
     * drops as it would have dropped the event.
     */
    private void feed(JudgedFile file) {
        totals.files++;
        totals.events += file.events();
        totals.errors.addAll(file.problems());
        for (JudgedFile.Kept kept : file.kept()) {
            if (kept instanceof JudgedFile.Candidate c) {
                raw.pipeInput(new TestRecord<>(c.key(), c.value(), c.headers(), Instant.now()));
            } else if (kept instanceof JudgedFile.ClockMark mark && (!piped || mark.time() > streamTime)) {
                RecordHeaders headers = new RecordHeaders();
                if (mark.eventTime() != null) {
                    headers.add(EventHeaders.EVENT_TIME, mark.eventTime());
                }
                raw.pipeInput(new TestRecord<>(CLOCK_KEY, CLOCK_VALUE, headers, Instant.now()));
            } else {
                continue;
            }
            piped = true;
            streamTime = Math.max(streamTime, kept.time());
        }
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
            JsonNode denial = parse(value);
            totals.add(denial);
            if (denialListener != null) {
                try {
                    denialListener.accept(Json.mapper().treeToValue(denial, EnrichedDenial.class));
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
