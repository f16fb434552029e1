package io.denywatch.cli.demo;

import io.denywatch.contract.Topics;
import io.denywatch.alerts.config.AlertSettings;
import io.denywatch.analyzer.streams.AnalyzerSettings;
import io.denywatch.cli.command.AllRoles;
import io.denywatch.cli.command.ConfigOptions;
import io.denywatch.cli.command.HttpSettings;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.denywatch.common.config.Config;
import io.denywatch.common.http.Health;
import io.denywatch.common.http.HttpEndpoint;
import io.denywatch.common.metrics.Metrics;
import io.denywatch.embedded.EmbeddedStack;
import io.denywatch.embedded.S3Store;
import io.denywatch.embedded.SampleLogFiles;
import io.denywatch.ingest.logfile.DeliveryStamp;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code denywatch demo}: the whole product on this machine, with nothing to install. An in-process Kafka broker, S3
 * and SQS; the bundled real CloudTrail sample, then a scripted incident; ingest, analyzer and alerts running as they
 * would in production, the console sink showing each alert.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"See denywatch work end to end on an in-process Kafka, S3 and SQS (no Docker, no AWS account):",
                "real CloudTrail logs and a scripted incident go through ingest, analyzer and alerts; explained denials",
                "and alerts are printed as they happen. Configured sinks (Slack, webhook...) receive the alerts too."})
public final class DemoCommand implements Callable<Integer> {

    static final String BUCKET = "denywatch-demo-trail";
    static final String QUEUE = "denywatch-demo-notifications";
    static final String FAST_PATH_QUEUE = "denywatch-demo-fast-path";
    private static final Duration PHASE_TIMEOUT = Duration.ofMinutes(3);

    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Option(names = "--once", description = "Exit (code 0) once the sample and the scripted incident are processed and"
            + " their alerts delivered, instead of running until Ctrl-C.")
    boolean once;

    @Option(names = "--http-port", defaultValue = "8080", paramLabel = "PORT",
            description = "Port for /metrics, /health and the query API (default: ${DEFAULT-VALUE}; 0: any free port).")
    int httpPort;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        out.println("denywatch demo: Kafka, S3 and SQS run inside this process; nothing leaves this machine.");
        out.flush();
        Path state = Files.createTempDirectory("denywatch-demo");
        EmbeddedStack stack = EmbeddedStack.start(S3Store.TRANSIENT);
        try {
            return run(stack, state, out);
        } finally {
            stack.close();
        }
    }

    private int run(EmbeddedStack stack, Path state, PrintWriter out) throws Exception {
        // The SDK's default credential chain is the only one denywatch uses; the local S3 and SQS take any key.
        System.setProperty("aws.accessKeyId", stack.credentials().resolveCredentials().accessKeyId());
        System.setProperty("aws.secretAccessKey", stack.credentials().resolveCredentials().secretAccessKey());
        stack.createBucket(BUCKET);
        String queueUrl = stack.createQueue(QUEUE);
        // The fast path's own queue, as deploy/terraform creates it: a burst of events is never held behind files.
        String fastPathUrl = stack.createQueue(FAST_PATH_QUEUE);
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("kafka.bootstrap.servers", stack.kafkaBootstrapServers());
        defaults.put("aws.region", stack.region());
        defaults.put("aws.s3.endpoint", stack.s3Endpoint().toString());
        defaults.put("aws.s3.path-style", "true");
        defaults.put("aws.sqs.endpoint", stack.sqsEndpoint().toString());
        defaults.put("ingest.queue-url", queueUrl);
        defaults.put("ingest.fast-path.queue-url", fastPathUrl);
        defaults.put("ingest.wait-time", "1s");
        // One receive loop reads the files in the order they were notified, as CloudTrail's arrive: out of order, the
        // sample's events, minutes apart, would fall behind the windows' grace.
        defaults.put("ingest.workers", "1");
        defaults.put("ingest.max-messages", "1");
        defaults.put("analyzer.state-dir", state.toString());
        // The sample is from 2023 and a new key has no history: count from the first minute, alert on old incidents.
        defaults.put("analyzer.spike.learning-period", "0s");
        defaults.put("alerts.max-age", "3650d");
        defaults.put("alerts.console", "true");
        defaults.put("http.port", Integer.toString(httpPort));
        Config config = options.load(defaults);
        AllRoles.validate(config);

        PrometheusMeterRegistry registry = Metrics.newRegistry();
        Health health = new Health();
        try (HttpEndpoint http = HttpEndpoint.start(config.get(HttpSettings.HOST), config.get(HttpSettings.PORT),
                registry, health);
             OpenAlertWatch console = new OpenAlertWatch(out, DemoScript.ACCOUNT);
             AllRoles roles = AllRoles.start(config, registry, health, http, console);
             DenialTicker ticker = DenialTicker.start(config, out);
             Progress progress = new Progress(stack.kafkaBootstrapServers())) {
            urls(out, http.port());
            CountDownLatch stopped = new CountDownLatch(1);
            Thread hook = new Thread(stopped::countDown, "denywatch-demo-stop");
            if (!once) {
                Runtime.getRuntime().addShutdownHook(hook);
            }

            say(out, "1/3  The bundled real CloudTrail sample (55 files from invictus-ir/aws_dataset, MIT): uploading"
                    + " to S3 and notifying SQS...");
            List<String> sampleKeys = new ArrayList<>();
            for (String name : inDeliveryOrder(SampleLogFiles.names())) {
                String key = SampleLogFiles.s3Key("", name);
                stack.s3().putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(SampleLogFiles.bytes(name)));
                sampleKeys.add(key);
            }
            notify(stack, queueUrl, sampleKeys);
            awaitProcessed(config, registry, progress, sampleKeys.size());

            Instant now = Instant.now();
            List<ObjectNode> forwarded = DemoScript.forwardedByEventBridge(now);
            say(out, "2/3  A scripted incident, first by the fast path: its " + forwarded.size() + " failed calls, as"
                    + " an EventBridge rule forwards them to SQS seconds after each call...");
            long sent = System.nanoTime();
            sendEventBridge(stack, fastPathUrl, forwarded);
            Progress.await("the fast path's first alert", PHASE_TIMEOUT, () -> console.firstOpen() != 0);
            say(out, String.format(Locale.ROOT, "     first alert delivered %.1f s after the events reached the queue",
                    (console.firstOpen() - sent) / 1e9));
            awaitProcessed(config, registry, progress, sampleKeys.size() + forwarded.size());

            say(out, "3/3  ...and the trail's log files, as CloudTrail delivers them minutes later:");
            double duplicatesBefore = count(registry, "denywatch.analyzer.duplicates.dropped");
            List<String> keys = new ArrayList<>();
            for (DemoScript.LogFile file : DemoScript.files(now)) {
                String key = file.key();
                stack.s3().putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(file.gzip()));
                say(out, "     - " + file.what());
                keys.add(key);
            }
            notify(stack, queueUrl, keys);
            awaitProcessed(config, registry, progress, sampleKeys.size() + forwarded.size() + keys.size());
            awaitAlertsDelivered(config, progress);
            say(out, String.format(Locale.ROOT, "     the log files repeated %.0f failures already told: dropped as"
                            + " duplicates by eventID, nothing counted or alerted twice.",
                    count(registry, "denywatch.analyzer.duplicates.dropped") - duplicatesBefore));
            summary(out, registry);
            if (once) {
                return 0;
            }
            say(out, "Still running: denywatch keeps watching the queue. Ctrl-C to stop.");
            stopped.await();
            return 0;
        }
    }

    /** Sample file names by their delivery time ({@code ..._20230710T1145Z_...}). */
    static List<String> inDeliveryOrder(List<String> names) {
        return names.stream().sorted(Comparator.comparing(DeliveryStamp::of).thenComparing(n -> n)).toList();
    }

    private static void urls(PrintWriter out, int port) {
        String base = "http://localhost:" + port;
        say(out, "Metrics, health and the query API:\n"
                + "     " + base + "/metrics\n"
                + "     " + base + "/health/ready\n"
                + "     " + base + "/api/top?dimension=principal&range=1h\n"
                + "     " + base + "/api/incidents");
    }

    private static void notify(EmbeddedStack stack, String queueUrl, List<String> keys) {
        // What S3 sends when the trail writes a file; this S3 stand-in does not send notifications itself.
        for (int i = 0; i < keys.size(); i += 10) {
            List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
            for (int j = i; j < Math.min(i + 10, keys.size()); j++) {
                batch.add(SendMessageBatchRequestEntry.builder().id("m" + j).messageBody(s3Event(keys.get(j))).build());
            }
            stack.sqs().sendMessageBatch(b -> b.queueUrl(queueUrl).entries(batch));
        }
    }

    /** What an EventBridge rule with the queue as target delivers: one event per message, sent ten at a time. */
    private static void sendEventBridge(EmbeddedStack stack, String queueUrl, List<ObjectNode> records) {
        for (int i = 0; i < records.size(); i += 10) {
            List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
            for (int j = i; j < Math.min(i + 10, records.size()); j++) {
                batch.add(SendMessageBatchRequestEntry.builder().id("e" + j)
                        .messageBody(EventBridgeEnvelope.of(records.get(j))).build());
            }
            stack.sqs().sendMessageBatch(b -> b.queueUrl(queueUrl).entries(batch));
        }
    }

    private static String s3Event(String key) {
        return "{\"Records\":[{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\",\"awsRegion\":\"us-east-1\","
                + "\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"" + BUCKET + "\"},"
                + "\"object\":{\"key\":\"" + URLEncoder.encode(key, StandardCharsets.UTF_8) + "\"}}}]}";
    }

    /** Waits until ingest has settled {@code messages} notifications and the analyzer has read every raw event. */
    private static void awaitProcessed(Config config, PrometheusMeterRegistry registry, Progress progress,
                                       int messages) throws Exception {
        Progress.await("ingest settles " + messages + " notifications", PHASE_TIMEOUT,
                () -> count(registry, "denywatch.ingest.messages.deleted") >= messages);
        Progress.await("the analyzer reads every raw event", PHASE_TIMEOUT,
                () -> progress.consumed(config.get(AnalyzerSettings.APPLICATION_ID), Topics.RAW.in(config)));
    }

    /** Waits until the alerts role has handled every incident message, and no new one came for two seconds. */
    private static void awaitAlertsDelivered(Config config, Progress progress) throws Exception {
        String spikes = Topics.SPIKES.in(config);
        long[] seen = {-1};
        long[] since = {System.nanoTime()};
        Progress.await("alerts delivers every incident message", PHASE_TIMEOUT, () -> {
            long size = progress.size(spikes);
            if (size != seen[0]) {
                seen[0] = size;
                since[0] = System.nanoTime();
                return false;
            }
            return System.nanoTime() - since[0] > Duration.ofSeconds(2).toNanos()
                    && progress.consumed(config.get(AlertSettings.GROUP_ID), spikes);
        });
    }

    private static void summary(PrintWriter out, PrometheusMeterRegistry registry) {
        say(out, String.format(Locale.ROOT, "Done: %.0f events ingested, %.0f denials explained, %.0f duplicates"
                        + " dropped, %.0f late events, %.0f incidents opened, %.0f alerts delivered.",
                count(registry, "denywatch.ingest.events.produced"), count(registry, "denywatch.analyzer.denials"),
                count(registry, "denywatch.analyzer.duplicates.dropped"),
                count(registry, "denywatch.analyzer.late.events"),
                Search.in(registry).name("denywatch.analyzer.incidents").tag("state", "OPEN").counters().stream()
                        .mapToDouble(Counter::count).sum(),
                count(registry, "denywatch.alerts.sent")));
    }

    private static double count(PrometheusMeterRegistry registry, String name) {
        return Search.in(registry).name(name).counters().stream().mapToDouble(Counter::count).sum();
    }

    private static void say(PrintWriter out, String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
