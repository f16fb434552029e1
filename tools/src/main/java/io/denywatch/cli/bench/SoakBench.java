package io.denywatch.cli.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpServer;
import io.denywatch.cli.command.AllRoles;
import io.denywatch.common.config.Config;
import io.denywatch.common.http.Health;
import io.denywatch.common.http.HttpEndpoint;
import io.denywatch.common.json.Json;
import io.denywatch.common.metrics.Metrics;
import io.denywatch.embedded.EmbeddedStack;
import io.denywatch.embedded.S3Store;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.sync.RequestBody;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * {@code denywatch bench soak}: steady load through the whole path — S3 and SQS, ingest, analyzer, alerts to a
 * local webhook — for a fixed time, with short retentions so that every store reaches its steady size early. Every
 * interval it reports throughput, heap after a full collection, and the analyzer's state on disk; at the end it
 * compares the second half with the first.
 */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = "Run steady load through ingest, analyzer and alerts and watch heap, state and throughput.")
public final class SoakBench implements Callable<Integer> {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'")
            .withZone(ZoneOffset.UTC);

    @Spec
    CommandSpec spec;

    @Option(names = "--minutes", defaultValue = "10", description = "How long to run (default: ${DEFAULT-VALUE}).")
    int minutes;

    @Option(names = "--events-per-second", defaultValue = "3000",
            description = "Offered load, in CloudTrail events a second (default: ${DEFAULT-VALUE}).")
    int eventsPerSecond;

    @Option(names = "--interval", defaultValue = "30", description = "Seconds between reports (default: ${DEFAULT-VALUE}).")
    int intervalSeconds;

    /** One report line. */
    record Sample(long second, double eventsPerSecond, long heapAfterGcMb, long stateMb, long denials, long alerts) {
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path work = Files.createTempDirectory("denywatch-soak");
        AtomicLong alertsReceived = new AtomicLong();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            alertsReceived.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        // Objects on disk, not in this heap: the in-memory store would hold every file uploaded and be counted as growth.
        try (EmbeddedStack stack = EmbeddedStack.start(S3Store.FILESYSTEM)) {
            System.setProperty("aws.accessKeyId", stack.credentials().resolveCredentials().accessKeyId());
            System.setProperty("aws.secretAccessKey", stack.credentials().resolveCredentials().secretAccessKey());
            stack.createBucket("soak-trail");
            String queueUrl = stack.createQueue("soak-notifications");
            Path state = work.resolve("state");
            Map<String, String> settings = new HashMap<>();
            settings.put("kafka.bootstrap.servers", stack.kafkaBootstrapServers());
            settings.put("aws.region", stack.region());
            settings.put("aws.s3.endpoint", stack.s3Endpoint().toString());
            settings.put("aws.s3.path-style", "true");
            settings.put("aws.sqs.endpoint", stack.sqsEndpoint().toString());
            settings.put("ingest.queue-url", queueUrl);
            settings.put("ingest.wait-time", "1s");
            settings.put("analyzer.state-dir", state.toString());
            settings.put("analyzer.spike.learning-period", "0s");
            // Short retentions, so that every store reaches its steady size within the first minutes.
            settings.put("analyzer.dedupe-retention", "3m");
            settings.put("analyzer.query.retention", "3m");
            settings.put("analyzer.window.grace", "1m");
            settings.put("alerts.webhook.url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
            settings.put("alerts.webhook.per-minute", "0");
            settings.put("http.port", "0");
            Config config = Config.of(settings);
            AllRoles.validate(config);
            PrometheusMeterRegistry registry = Metrics.newRegistry();
            try (HttpEndpoint http = HttpEndpoint.start("127.0.0.1", 0, registry, new Health());
                 AllRoles roles = AllRoles.start(config, registry, new Health(), http,
                         new PrintWriter(new StringWriter()))) {
                out.printf("Soak: %d events/s offered for %d min; report every %d s%n", eventsPerSecond, minutes,
                        intervalSeconds);
                out.println("  second  events/s  heap-after-gc-MB  state-MB  denials  alerts");
                out.flush();
                List<Sample> samples = run(stack, queueUrl, registry, state, alertsReceived, out);
                summary(out, samples);
            }
        } finally {
            receiver.stop(0);
        }
        return 0;
    }

    private List<Sample> run(EmbeddedStack stack, String queueUrl, PrometheusMeterRegistry registry, Path state,
                             AtomicLong alerts, PrintWriter out) throws Exception {
        SplittableRandom random = new SplittableRandom(17);
        List<Sample> samples = new ArrayList<>();
        long startNanos = System.nanoTime();
        long end = startNanos + Duration.ofMinutes(minutes).toNanos();
        long nextReport = startNanos + Duration.ofSeconds(intervalSeconds).toNanos();
        double lastEvents = 0;
        long lastReportNanos = startNanos;
        int file = 0;
        while (System.nanoTime() < end) {
            long tick = System.nanoTime();
            String key = upload(stack, random, file++);
            stack.sqs().sendMessage(b -> b.queueUrl(queueUrl).messageBody("{\"Records\":[{\"eventSource\":\"aws:s3\","
                    + "\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"soak-trail\"},\"object\":"
                    + "{\"key\":\"" + URLEncoder.encode(key, StandardCharsets.UTF_8) + "\"}}}]}"));
            if (System.nanoTime() >= nextReport) {
                double events = count(registry, "denywatch.analyzer.events");
                double seconds = (System.nanoTime() - lastReportNanos) / 1e9;
                System.gc();
                long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
                Sample sample = new Sample(Math.round((System.nanoTime() - startNanos) / 1e9),
                        (events - lastEvents) / seconds, heap, size(state) >> 20,
                        (long) count(registry, "denywatch.analyzer.denials"), alerts.get());
                samples.add(sample);
                out.printf(Locale.ROOT, "  %6d  %8.0f  %16d  %8d  %7d  %6d%n", sample.second(),
                        sample.eventsPerSecond(), sample.heapAfterGcMb(), sample.stateMb(), sample.denials(),
                        sample.alerts());
                out.flush();
                lastEvents = events;
                lastReportNanos = System.nanoTime();
                nextReport += Duration.ofSeconds(intervalSeconds).toNanos();
            }
            // One file a second, as a busy trail delivers many; what is left of the second is idle.
            long rest = Duration.ofSeconds(1).toNanos() - (System.nanoTime() - tick);
            if (rest > 0) {
                Thread.sleep(rest / 1_000_000);
            }
        }
        return samples;
    }

    private String upload(EmbeddedStack stack, SplittableRandom random, int n) throws IOException {
        Instant now = Instant.now();
        String key = "AWSLogs/123456789012/CloudTrail/us-east-1/" + DAY.format(now) + "/123456789012_CloudTrail_"
                + "us-east-1_" + MINUTE.format(now) + "_" + String.format("Soak%012d", n) + ".json.gz";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator json = Json.factory().createGenerator(new GZIPOutputStream(bytes))) {
            json.writeStartObject();
            json.writeArrayFieldStart("Records");
            for (int i = 0; i < eventsPerSecond; i++) {
                boolean denied = random.nextDouble() < 0.02;
                String role = "arn:aws:iam::123456789012:role/app-" + random.nextInt(200);
                json.writeStartObject();
                json.writeStringField("eventVersion", "1.09");
                json.writeObjectFieldStart("userIdentity");
                json.writeStringField("type", "AssumedRole");
                json.writeStringField("arn", role.replace(":iam::", ":sts::").replace(":role/", ":assumed-role/")
                        + "/s");
                json.writeStringField("accountId", "123456789012");
                json.writeObjectFieldStart("sessionContext");
                json.writeObjectFieldStart("sessionIssuer");
                json.writeStringField("type", "Role");
                json.writeStringField("arn", role);
                json.writeEndObject();
                json.writeEndObject();
                json.writeEndObject();
                json.writeStringField("eventTime", now.minusMillis(random.nextInt(60_000)).toString());
                json.writeStringField("eventSource", "s3.amazonaws.com");
                json.writeStringField("eventName", "GetObject");
                json.writeStringField("awsRegion", "us-east-1");
                if (denied) {
                    json.writeStringField("errorCode", "AccessDenied");
                    json.writeStringField("errorMessage", "User: x is not authorized to perform: s3:GetObject on"
                            + " resource: \"arn:aws:s3:::b/k\" because no identity-based policy allows the"
                            + " s3:GetObject action");
                }
                json.writeStringField("eventID", new UUID(random.nextLong(), random.nextLong()).toString());
                json.writeStringField("recipientAccountId", "123456789012");
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        stack.s3().putObject(b -> b.bucket("soak-trail").key(key), RequestBody.fromBytes(bytes.toByteArray()));
        return key;
    }

    private void summary(PrintWriter out, List<Sample> samples) {
        if (samples.size() < 4) {
            out.println("Too short for a verdict: run at least four intervals.");
            return;
        }
        List<Sample> first = samples.subList(1, samples.size() / 2);
        List<Sample> second = samples.subList(samples.size() / 2, samples.size());
        out.printf(Locale.ROOT, "{\"minutes\": %d, \"offeredEventsPerSecond\": %d, "
                        + "\"throughputFirstHalf\": %.0f, \"throughputSecondHalf\": %.0f, "
                        + "\"heapAfterGcMbFirstHalfMax\": %d, \"heapAfterGcMbSecondHalfMax\": %d, "
                        + "\"stateMbFirstHalfMax\": %d, \"stateMbSecondHalfMax\": %d, \"denials\": %d, "
                        + "\"alertsDelivered\": %d}%n", minutes, eventsPerSecond,
                first.stream().mapToDouble(Sample::eventsPerSecond).average().orElse(0),
                second.stream().mapToDouble(Sample::eventsPerSecond).average().orElse(0),
                first.stream().mapToLong(Sample::heapAfterGcMb).max().orElse(0),
                second.stream().mapToLong(Sample::heapAfterGcMb).max().orElse(0),
                first.stream().mapToLong(Sample::stateMb).max().orElse(0),
                second.stream().mapToLong(Sample::stateMb).max().orElse(0),
                samples.get(samples.size() - 1).denials(), samples.get(samples.size() - 1).alerts());
        out.flush();
    }

    private static long size(Path dir) {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }

    private static double count(PrometheusMeterRegistry registry, String name) {
        return Search.in(registry).name(name).counters().stream().mapToDouble(Counter::count).sum();
    }
}
