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
 * {@code denywatch bench analyze}: the analyzer over a raw topic filled beforehand through the real ingest path, timed
 * from the moment its stream threads run until it has committed the last raw offset (exactly-once, so committed means
 * every denial and count is written too).
 */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = "Measure analyzer throughput in raw events/s on the embedded stack.")
public final class AnalyzeBench implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print one JSON line with the figures.")
    boolean json;

    @Option(names = "--files", defaultValue = "400", description = "Generated files (default: ${DEFAULT-VALUE}).")
    int files;

    @Option(names = "--events-per-file", defaultValue = "2500",
            description = "Events per generated file (default: ${DEFAULT-VALUE}).")
    int eventsPerFile;

    @Option(names = "--denial-rate", defaultValue = "0.02",
            description = "Share of events that are denials (default: ${DEFAULT-VALUE}).")
    double denialRate;

    @Option(names = "--partitions", defaultValue = "6", description = "Raw topic partitions (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--warmup-files", defaultValue = "80",
            description = "Files analyzed first, untimed, by another application id, so the timed run measures a"
                    + " warmed-up JVM (default: ${DEFAULT-VALUE}; 0 for none).")
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

            if (warmupFiles > 0) {
                err.printf("Warming up on %d files...%n", warmupFiles);
                err.flush();
                run(stack, config, "warmup", warmupFiles, work);
            }
            err.printf("Generating %d files x %d events (%.1f%% denials), filling the raw topic and analyzing...%n",
                    files, eventsPerFile, denialRate * 100);
            err.flush();
            Timed timed = run(stack, config, "bench", files, work);
            print(timed.events, timed.denials, timed.seconds);
        } finally {
            try (var walk = Files.walk(work)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return 0;
    }

    /** Fills a raw topic of its own through the ingest path, then times an analyzer of its own over it. */
    private Timed run(EmbeddedStack stack, Config base, String name, int fileCount, Path work) throws Exception {
        Path corpusDir = work.resolve(name + "-corpus");
        Config config = base.with(Map.of("topics.raw", name + ".raw", "topics.ingest-dlq", name + ".ingest.dlq",
                "topics.denials", name + ".denials", "topics.spikes", name + ".spikes",
                "topics.analyzer-dlq", name + ".analyzer.dlq", "analyzer.application-id", name + "-analyzer",
                "analyzer.state-dir", work.resolve(name + "-state").toString()));
        CorpusGenerator.Corpus corpus = new CorpusGenerator().generate(new CorpusGenerator.Spec(fileCount,
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
        long started;
        long finished;
        try (Admin admin = admin(stack);
             Analyzer analyzer = Analyzer.start(config, new SimpleMeterRegistry(), new Health())) {
            while (analyzer.streams().state() != KafkaStreams.State.RUNNING) {
                Thread.sleep(5);
            }
            started = System.nanoTime();
            // One client, polled gently: the measuring must not take the CPU it measures.
            while (committed(admin, name + "-analyzer", name + ".raw") < total) {
                Thread.sleep(50);
            }
            finished = System.nanoTime();
        }
        return new Timed(total, corpus.denials(), (finished - started) / 1e9);
    }

    private record Timed(long events, long denials, double seconds) {
    }

    private void print(long events, long denials, double seconds) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.printf(Locale.ROOT, "{\"events\": %d, \"denials\": %d, \"seconds\": %.3f, \"eventsPerSecond\": %.0f}%n",
                    events, denials, seconds, events / seconds);
        } else {
            out.printf(Locale.ROOT, "%,d raw events (%,d denials) analyzed in %.2f s: %,.0f events/s%n", events,
                    denials, seconds, events / seconds);
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
