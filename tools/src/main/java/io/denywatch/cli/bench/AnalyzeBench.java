package io.denywatch.cli.bench;

import io.denywatch.analyzer.streams.Analyzer;
import io.denywatch.common.config.Config;
import io.denywatch.common.http.Health;
import io.denywatch.embedded.EmbeddedStack;
import io.denywatch.embedded.S3Store;
import io.denywatch.ingest.pipeline.IngestPipeline;
import io.denywatch.ingest.replay.ReplaySummary;
import io.denywatch.ingest.replay.Replayer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code denywatch bench analyze}: the analyzer over a raw topic filled beforehand through the real ingest path. One
 * analyzer reads a warm-up part and then the timed part of one corpus, so the timed part measures a JVM whose
 * compiler has caught up (on two cores a separate, shorter warm-up run leaves most of the denial path to be compiled
 * during the timed run). The clock runs between two commits of the raw offsets — exactly-once, so a commit means every
 * denial and count of the events before it is written — and counts exactly the events between them.
 */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = "Measure analyzer throughput in raw events/s on the embedded stack.")
public final class AnalyzeBench implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print one JSON line with the figures.")
    boolean json;

    @Option(names = "--files", defaultValue = "400",
            description = "Generated files timed, after the warm-up files (default: ${DEFAULT-VALUE}).")
    int files;

    @Option(names = "--events-per-file", defaultValue = "2500",
            description = "Events per generated file (default: ${DEFAULT-VALUE}).")
    int eventsPerFile;

    @Option(names = "--denial-rate", defaultValue = "0.02",
            description = "Share of events that are denials (default: ${DEFAULT-VALUE}).")
    double denialRate;

    @Option(names = "--partitions", defaultValue = "6", description = "Raw topic partitions (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--warmup-files", defaultValue = "800",
            description = "Files analyzed first, untimed, by the same analyzer just before the timed files, so the"
                    + " timed part measures a warmed-up JVM; on two cores the compiler needs about 2,000,000 events"
                    + " (default: ${DEFAULT-VALUE}; 0 for none).")
    int warmupFiles;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override a setting of the analyzer under test (repeatable), e.g. --set analyzer.threads=2.")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Path work = Files.createTempDirectory("denywatch-bench");
        try (EmbeddedStack stack = EmbeddedStack.start(S3Store.TRANSIENT)) {
            Config config = Config.of(Map.of("kafka.bootstrap.servers", stack.kafkaBootstrapServers(),
                    "topics.partitions", Integer.toString(partitions))).with(overrides);
            err.printf("Generating %d warm-up + %d timed files x %d events (%.1f%% denials), filling the raw topic"
                    + " and analyzing...%n", warmupFiles, files, eventsPerFile, denialRate * 100);
            err.flush();
            print(run(stack, config, "bench", work));
        } finally {
            try (var walk = Files.walk(work)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return 0;
    }

    /** Fills the raw topic through the ingest path, then times the analyzer over its part after the warm-up. */
    private Timed run(EmbeddedStack stack, Config base, String name, Path work) throws Exception {
        Path corpusDir = work.resolve(name + "-corpus");
        Config config = base.with(Map.of("topics.raw", name + ".raw", "topics.ingest-dlq", name + ".ingest.dlq",
                "topics.denials", name + ".denials", "topics.spikes", name + ".spikes",
                "topics.analyzer-dlq", name + ".analyzer.dlq", "analyzer.application-id", name + "-analyzer",
                "analyzer.state-dir", work.resolve(name + "-state").toString()));
        // One corpus, warm-up files first in event time: the timed events follow on, as a live trail would.
        CorpusGenerator.Corpus corpus = new CorpusGenerator().generate(new CorpusGenerator.Spec(warmupFiles + files,
                eventsPerFile, denialRate, 500, 10, name.hashCode()), corpusDir);
        try (IngestPipeline pipeline = IngestPipeline.create(config, new SimpleMeterRegistry())) {
            // In delivery order, all accounts interleaved, as a trail delivers them live. In name order (account by
            // account) every account after the first would arrive hours behind stream time, and its denials would be
            // dropped as too late for the windows instead of counted.
            ReplaySummary filled = new Replayer(pipeline.files()).replayLocal(corpus.files(), s -> { });
            if (!filled.failed().isEmpty()) {
                // The measurement needs the whole corpus: say why a file did not go in rather than time less.
                throw new IllegalStateException("filling the raw topic failed for " + filled.failed().size()
                        + " file(s): " + filled.failed());
            }
        }
        long total = endOffsets(stack, name + ".raw");
        if (total != corpus.events()) {
            throw new IllegalStateException("the raw topic holds " + total + " events, the corpus " + corpus.events());
        }
        long warmupEvents = (long) warmupFiles * eventsPerFile;
        String group = name + "-analyzer";
        try (Admin admin = admin(stack);
             Analyzer analyzer = Analyzer.start(config, new SimpleMeterRegistry(), new Health())) {
            while (analyzer.streams().state() != KafkaStreams.State.RUNNING) {
                Thread.sleep(5);
            }
            long started = System.nanoTime();
            // One client, polled gently: the measuring must not take the CPU it measures. The timed part runs from
            // the first commit past the warm-up to the last commit before the end, and counts the events between
            // their offsets, so it is exact whatever the commit interval. The final commit is left out: it comes up
            // to a commit interval after the last event was processed, an idle wait that would be timed as work.
            boolean timing = warmupEvents == 0;
            long fromCommitted = 0;
            long from = started;
            long toCommitted = 0;
            long to = started;
            long committed = 0;
            while (committed < total) {
                Thread.sleep(50);
                long now = committed(admin, group, name + ".raw");
                long seen = System.nanoTime();
                if (now != committed && now < total) {
                    if (!timing && now >= warmupEvents) {
                        timing = true;
                        fromCommitted = now;
                        from = seen;
                    }
                    toCommitted = now;
                    to = seen;
                }
                committed = now;
            }
            if (!timing || toCommitted <= fromCommitted) {
                throw new IllegalStateException("fewer than two commits fell between the warm-up and the end: time"
                        + " more files");
            }
            return new Timed(corpus.events(), corpus.denials(), toCommitted - fromCommitted, (to - from) / 1e9,
                    fromCommitted, (from - started) / 1e9);
        }
    }

    /**
     * @param timedEvents  raw events between the two commits that bound the timed part
     * @param warmupEvents raw events committed before the timed part
     */
    private record Timed(long events, long denials, long timedEvents, double seconds, long warmupEvents,
                         double warmupSeconds) {
    }

    private void print(Timed t) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.printf(Locale.ROOT, "{\"events\": %d, \"denials\": %d, \"timedEvents\": %d, \"seconds\": %.3f,"
                            + " \"eventsPerSecond\": %.0f, \"warmupEvents\": %d, \"warmupSeconds\": %.3f,"
                            + " \"warmupEventsPerSecond\": %.0f}%n", t.events, t.denials, t.timedEvents, t.seconds,
                    t.timedEvents / t.seconds, t.warmupEvents, t.warmupSeconds,
                    t.warmupSeconds > 0 ? t.warmupEvents / t.warmupSeconds : 0);
        } else {
            out.printf(Locale.ROOT, "%,d raw events (%,d denials in the corpus) analyzed in %.2f s after a warm-up of"
                            + " %,d: %,.0f events/s (%,.0f events/s while warming up)%n", t.timedEvents, t.denials,
                    t.seconds, t.warmupEvents, t.timedEvents / t.seconds,
                    t.warmupSeconds > 0 ? t.warmupEvents / t.warmupSeconds : 0);
        }
        out.flush();
    }

    private static long endOffsets(EmbeddedStack stack, String topic) throws Exception {
        try (Admin admin = admin(stack)) {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            int n = admin.describeTopics(java.util.List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            for (int p = 0; p < n; p++) {
                request.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            return admin.listOffsets(request).all().get().values().stream().mapToLong(o -> o.offset()).sum();
        }
    }

    private static long committed(Admin admin, String group, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
        return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset()).sum();
    }

    private static Admin admin(EmbeddedStack stack) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()));
    }
}
