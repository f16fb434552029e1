package io.denywatch.cli.scan;

import io.denywatch.analyzer.streams.AnalyzerMetrics;
import io.denywatch.analyzer.streams.AnalyzerPlan;
import io.denywatch.analyzer.streams.AnalyzerSettings;
import io.denywatch.analyzer.streams.SequentialAnalyzer;
import io.denywatch.common.cloudtrail.CloudTrailReader;
import io.denywatch.common.cloudtrail.Shape;
import io.denywatch.common.config.Config;
import io.denywatch.contract.denial.EnrichedDenial;
import io.denywatch.contract.incident.SpikeRecord;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Runs the analyzer over log files already on disk or in S3, for one-shot investigations.
 *
 * <p>The analysis is the service's ({@link SequentialAnalyzer}: the topology's own steps, without a broker or Kafka
 * Streams around them), every record taken in delivery order with the same deduplication, windows and spike rules.
 * Files are read on every core ({@link FileJudge}, {@link OrderedParallel}), where the denial candidates are also
 * parsed and explained; the analyzer takes them in delivery order, each file as its candidates and the event times
 * that move the analyzer's clock. The other events would be dropped by the analyzer's first step unread, so the
 * report is the one a sequential feed of every event through the service's topology gives
 * ({@code ParallelScanEqualsSequentialTest} holds the two side by side). Memory holds the totals and a few files
 * ahead, not the denials.
 */
public final class Scanner {

    /** What a scan reads: every shape saved CloudTrail events come in, delivery files or exports, mixed at will. */
    public static final Set<Shape> SHAPES = Collections.unmodifiableSet(EnumSet.allOf(Shape.class));

    /** The analyzer's wall-clock tick is 5 s: past the update interval by this, a tick has surely fallen. */
    static final Duration WALL_CLOCK_MARGIN = Duration.ofSeconds(10);

    private final Config config;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final SequentialAnalyzer analyzer;
    private final ScanTotals totals = new ScanTotals();
    private final FileJudge judge;
    private Consumer<SpikeRecord> incidentListener = spike -> { };
    private Consumer<EnrichedDenial> denialListener = denial -> { };
    private int threads = Runtime.getRuntime().availableProcessors();

    public Scanner(Config config, CloudTrailReader reader) {
        this.config = config;
        this.analyzer = new SequentialAnalyzer(AnalyzerPlan.from(config).withoutQueryCounts(),
                new AnalyzerMetrics(registry), new SequentialAnalyzer.Outputs() {
                    @Override
                    public void denial(EnrichedDenial denial) {
                        totals.denial(denial);
                        denialListener.accept(denial);
                    }

                    @Override
                    public void unreadable(byte[] eventId, String problem) {
                        String id = eventId == null ? "?" : new String(eventId, StandardCharsets.UTF_8);
                        totals.problem(new ScanReport.Problem("event " + id, "unreadable_event"));
                    }

                    @Override
                    public void incident(SpikeRecord message) {
                        totals.incident(message);
                        incidentListener.accept(message);
                    }
                });
        this.judge = new FileJudge(reader, analyzer.intake());
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

    /** Hands every enriched denial the analyzer publishes, in order, to {@code listener} as the scan finds it. */
    public Scanner onDenial(Consumer<EnrichedDenial> listener) {
        this.denialListener = listener;
        return this;
    }

    /** Scans every input, reporting progress after each file. */
    public ScanReport scan(Iterator<ScanInput> inputs, Consumer<Long> afterEachFile) {
        // A few files per reader thread ahead of the analyzer keeps every core busy, and memory to a few files.
        try (OrderedParallel<ScanInput, JudgedFile> files = new OrderedParallel<>(inputs, judge::judge, threads,
                threads * 4)) {
            while (files.hasNext()) {
                JudgedFile file = files.next();
                totals.files++;
                totals.events += file.events();
                totals.problems(file.problems());
                file.arrivals().forEach(analyzer::accept);
                afterEachFile.accept(totals.files);
            }
        }
        analyzer.advanceWallClock(endOfLogs(config));
        return totals.report(registry);
    }

    /**
     * The end of the logs is the incidents' present: growth the update interval held back is sent, as the service
     * would once the interval had passed on its wall clock. Without this a burst that crossed the threshold at 10 and
     * went on to 60 within a minute would end the scan as its opening message, saying 10. Incidents still open at the
     * end of the logs stay open, unless that last minute completes the quiet that resolves them.
     */
    static Duration endOfLogs(Config config) {
        return config.get(AnalyzerSettings.UPDATE_INTERVAL).plus(WALL_CLOCK_MARGIN);
    }

    /** Scans a stream of inputs. */
    public ScanReport scan(Stream<ScanInput> inputs, Consumer<Long> afterEachFile) {
        return scan(inputs.iterator(), afterEachFile);
    }

}
