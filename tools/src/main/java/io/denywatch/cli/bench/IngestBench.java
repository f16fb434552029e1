package io.denywatch.cli.bench;

import io.denywatch.common.config.Config;
import io.denywatch.common.http.Health;
import io.denywatch.embedded.EmbeddedStack;
import io.denywatch.embedded.S3Store;
import io.denywatch.ingest.Ingestor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code denywatch bench ingest}: log files in S3, one notification each, and the ingestor timed from its first
 * receive to Kafka's last acknowledgement. The broker, S3 and SQS run in this same process and share its cores.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Measure ingest throughput on the embedded stack: S3 -> SQS -> ingestor -> Kafka.",
                "Without --data, generates a corpus from the bundled real records."})
public final class IngestBench implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override a setting of the ingestor under test (repeatable), e.g. --set kafka.linger.ms=20.")
    Map<String, String> overrides = new java.util.LinkedHashMap<>();

    @Option(names = "--data", paramLabel = "DIR",
            description = "Use the CloudTrail files under DIR (AWSLogs/... layout) as they are.")
    Path data;

    @Option(names = "--json", description = "Print one JSON line with the figures.")
    boolean json;

    @Option(names = "--files", defaultValue = "400", description = "Generated files (default: ${DEFAULT-VALUE}).")
    int files;

    @Option(names = "--events-per-file", defaultValue = "2500",
            description = "Events per generated file (default: ${DEFAULT-VALUE}).")
    int eventsPerFile;

    @Option(names = "--denial-rate", defaultValue = "0.02",
            description = "Share of generated events that are denials (default: ${DEFAULT-VALUE}).")
    double denialRate;

    @Option(names = "--principals", defaultValue = "500",
            description = "Distinct roles in generated events (default: ${DEFAULT-VALUE}).")
    int principals;

    @Option(names = "--workers", defaultValue = "4", description = "Ingest workers (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--partitions", defaultValue = "6", description = "Raw topic partitions (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (data != null && !Files.isDirectory(data)) {
            err.println("No such directory: " + data);
            return 2;
        }
        Path work = Files.createTempDirectory("denywatch-bench");
        try (EmbeddedStack stack = EmbeddedStack.start(S3Store.FILESYSTEM)) {
            Path root = data;
            if (root == null) {
                root = work.resolve("corpus");
                err.printf("Generating %d files x %d events (%.1f%% denials)...%n", files, eventsPerFile,
                        denialRate * 100);
                err.flush();
                new CorpusGenerator().generate(new CorpusGenerator.Spec(files, eventsPerFile, denialRate, principals,
                        10, 42), root);
            }
            List<String> keys = upload(stack, root);
            if (keys.isEmpty()) {
                err.println("No files under " + root + ": expected CloudTrail log files in the AWSLogs/... layout.");
                return 2;
            }
            err.printf("Uploaded %d files; notifying and ingesting...%n", keys.size());
            err.flush();
            Result result = run(stack, keys);
            print(result);
        } finally {
            deleteTree(work);
        }
        return 0;
    }

    private List<String> upload(EmbeddedStack stack, Path root) throws IOException {
        stack.createBucket("bench-trail");
        List<String> keys = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                String key = root.relativize(file).toString().replace('\\', '/');
                stack.s3().putObject(b -> b.bucket("bench-trail").key(key), file);
                keys.add(key);
            }
        }
        return keys;
    }

    private Result run(EmbeddedStack stack, List<String> keys) throws InterruptedException {
        String queueUrl = stack.createQueue("bench-notifications");
        stack.createTopic("bench.cloudtrail.events", partitions);
        stack.createTopic("bench.cloudtrail.ingest.dlq", 1);
        for (int i = 0; i < keys.size(); i += 10) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int j = i; j < Math.min(i + 10, keys.size()); j++) {
                entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(j))
                        .messageBody(s3Event("bench-trail", keys.get(j))).build());
            }
            stack.sqs().sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
        }
        AwsCredentials credentials = stack.credentials().resolveCredentials();
        System.setProperty("aws.accessKeyId", credentials.accessKeyId());
        System.setProperty("aws.secretAccessKey", credentials.secretAccessKey());
        Config config = Config.of(Map.ofEntries(
                Map.entry("kafka.bootstrap.servers", stack.kafkaBootstrapServers()),
                Map.entry("aws.region", stack.region()),
                Map.entry("aws.s3.endpoint", stack.s3Endpoint().toString()),
                Map.entry("aws.s3.path-style", "true"),
                Map.entry("aws.sqs.endpoint", stack.sqsEndpoint().toString()),
                Map.entry("ingest.queue-url", queueUrl),
                Map.entry("ingest.workers", Integer.toString(workers)),
                Map.entry("ingest.wait-time", "1s"),
                Map.entry("topics.raw", "bench.cloudtrail.events"),
                Map.entry("topics.ingest-dlq", "bench.cloudtrail.ingest.dlq"))).with(overrides);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        System.gc();
        resetPeakHeap();
        long first = 0;
        long last;
        try (Ingestor ignored = Ingestor.start(config, registry, new Health())) {
            while (true) {
                if (first == 0 && count(registry, "denywatch.ingest.messages.received") > 0) {
                    first = System.nanoTime();
                }
                double settled = count(registry, "denywatch.ingest.messages.deleted");
                if (settled >= keys.size()) {
                    last = System.nanoTime();
                    break;
                }
                Thread.sleep(2);
            }
        }
        long events = (long) count(registry, "denywatch.ingest.events.produced");
        double seconds = (last - first) / 1e9;
        return new Result(events, keys.size(), seconds, events / seconds, peakHeapMb());
    }

    private void print(Result r) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.printf(Locale.ROOT, "{\"events\": %d, \"files\": %d, \"seconds\": %.3f, \"eventsPerSecond\": %.0f,"
                    + " \"peakHeapMb\": %d}%n", r.events, r.files, r.seconds, r.eventsPerSecond, r.peakHeapMb);
        } else {
            out.printf(Locale.ROOT, "%,d events from %,d files in %.2f s: %,.0f events/s (peak heap %d MB)%n",
                    r.events, r.files, r.seconds, r.eventsPerSecond, r.peakHeapMb);
        }
        out.flush();
    }

    private static String s3Event(String bucket, String key) {
        return "{\"Records\":[{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\",\"awsRegion\":\"us-east-1\","
                + "\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"" + bucket + "\"},"
                + "\"object\":{\"key\":\"" + URLEncoder.encode(key, StandardCharsets.UTF_8) + "\"}}}]}";
    }

    private static double count(PrometheusMeterRegistry registry, String name) {
        return Search.in(registry).name(name).counters().stream().mapToDouble(Counter::count).sum();
    }

    private static void resetPeakHeap() {
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static long peakHeapMb() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak >> 20;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private record Result(long events, int files, double seconds, double eventsPerSecond, long peakHeapMb) {
    }
}
