package io.denywatch.cli.bench;

import io.denywatch.contract.Topics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.denywatch.analyzer.streams.AnalyzerSettings;
import io.denywatch.cli.command.AllRoles;
import io.denywatch.cli.demo.EventBridgeEnvelope;
import io.denywatch.common.config.Config;
import io.denywatch.common.http.Health;
import io.denywatch.common.http.HttpEndpoint;
import io.denywatch.common.json.Json;
import io.denywatch.embedded.EmbeddedStack;
import io.denywatch.embedded.S3Store;
import io.denywatch.common.metrics.Metrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.GZIPOutputStream;

/**
 * {@code denywatch bench latency}: how long after a burst of denials reaches SQS the incident's OPEN reaches a webhook,
 * on the embedded stack with ingest, analyzer and alerts running as {@code denywatch run} runs them.
 *
 * <p>Each round is a burst of denials by a role never seen before (so the first window over the minimum opens an
 * incident), sent either as EventBridge events ("fast path": one SQS message per event, as an EventBridge rule's SQS
 * target receives them) or as one CloudTrail log file already in S3 plus its S3 notification ("S3 path"). The clock
 * runs from the first SQS send of the round to the webhook POST of the round's first OPEN, received by a local HTTP
 * receiver. Read-only consumers note when the denial that makes the burst cross the minimum is on the raw topic, when
 * its count is committed on the analyzer's repartition topic, and when the OPEN is committed on the spike topic,
 * which splits each round into ingest, the analyzer's two stages and alerts.
 */
@Command(name = "latency", mixinStandardHelpOptions = true,
        description = {"Measure the time from a burst of denials reaching SQS to the webhook POST of its incident,",
                "through the EventBridge fast path and through a log file and its S3 notification."})
public final class LatencyBench implements Callable<Integer> {

    private static final String BUCKET = "denywatch-bench-trail";
    private static final String ACCOUNT = "111122223333";
    private static final String REGION = "us-east-1";
    private static final Duration ROUND_TIMEOUT = Duration.ofSeconds(60);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'")
            .withZone(ZoneOffset.UTC);

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print one JSON line with the figures.")
    boolean json;

    @Option(names = "--rounds", defaultValue = "15", description = "Timed rounds per path (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--warmup-rounds", defaultValue = "3",
            description = "Untimed rounds per path first, while the JVM compiles the path (default: ${DEFAULT-VALUE}).")
    int warmupRounds;

    @Option(names = "--burst", defaultValue = "12",
            description = "Denials per round; the default minimum for a spike is 10 (default: ${DEFAULT-VALUE}).")
    int burst;

    @Option(names = "--paths", split = ",", defaultValue = "FAST,S3",
            description = "Which paths to time, of FAST (EventBridge events) and S3 (log file and notification)"
                    + " (default: ${DEFAULT-VALUE}).")
    List<Arrival> paths;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override a setting of the roles under test (repeatable), e.g. --set"
                    + " kafka.streams.commit.interval.ms=200.")
    Map<String, String> overrides = new LinkedHashMap<>();

    /** The way a round's denials reach the queue. */
    enum Arrival { FAST, S3 }

    /** When each step of one round happened, in {@link System#nanoTime()}. */
    static final class Round {
        final String role;
        final Arrival path;
        volatile long sent;
        /** When the denial that makes the burst cross the minimum was on the raw topic. */
        volatile long raw;
        /** When that denial's count (principal dimension) was committed on the analyzer's repartition topic. */
        volatile long counted;
        final java.util.concurrent.atomic.AtomicInteger rawSeen = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger countsSeen = new java.util.concurrent.atomic.AtomicInteger();
        volatile long spike;
        volatile long webhook;

        Round(String role, Arrival path) {
            this.role = role;
            this.path = path;
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path state = Files.createTempDirectory("denywatch-bench-latency");
        Map<String, Round> byRole = new ConcurrentHashMap<>();
        HttpServer receiver = webhookReceiver(byRole);
        AtomicBoolean stop = new AtomicBoolean();
        try (EmbeddedStack stack = EmbeddedStack.start(S3Store.TRANSIENT)) {
            System.setProperty("aws.accessKeyId", stack.credentials().resolveCredentials().accessKeyId());
            System.setProperty("aws.secretAccessKey", stack.credentials().resolveCredentials().secretAccessKey());
            stack.createBucket(BUCKET);
            String queueUrl = stack.createQueue("denywatch-bench-notifications");
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("kafka.bootstrap.servers", stack.kafkaBootstrapServers());
            settings.put("aws.region", stack.region());
            settings.put("aws.s3.endpoint", stack.s3Endpoint().toString());
            settings.put("aws.s3.path-style", "true");
            settings.put("aws.sqs.endpoint", stack.sqsEndpoint().toString());
            settings.put("ingest.queue-url", queueUrl);
            settings.put("analyzer.state-dir", state.toString());
            // A fresh analyzer would learn baselines for 30 minutes before opening any incident.
            settings.put("analyzer.spike.learning-period", "0s");
            settings.put("alerts.webhook.url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
            settings.put("http.port", "0");
            Config config = Config.of(settings).with(overrides);
            AllRoles.validate(config);
            PrometheusMeterRegistry registry = Metrics.newRegistry();
            Health health = new Health();
            List<Round> timed = new ArrayList<>();
            try (HttpEndpoint http = HttpEndpoint.start("127.0.0.1", 0, registry, health);
                 AllRoles roles = AllRoles.start(config, registry, health, http, new PrintWriter(
                         PrintWriter.nullWriter()))) {
                int crossing = config.get(AnalyzerSettings.MIN_COUNT);
                Thread rawWatch = watch(stop, Topics.RAW.in(config), stack.kafkaBootstrapServers(), "read_uncommitted",
                        (key, value) -> find(byRole, roleOfEventId(key)),
                        r -> r.rawSeen.incrementAndGet() == crossing, r -> r.raw = System.nanoTime());
                // The analyzer's own repartition topic of counts: when a round's counts are committed there, the first
                // of the analyzer's two stages is done.
                Thread countWatch = watch(stop, config.get(AnalyzerSettings.APPLICATION_ID)
                                + "-denials-by-dimension-repartition", stack.kafkaBootstrapServers(), "read_committed",
                        (key, value) -> key.startsWith("principal") ? find(byRole, roleOfCount(key)) : null,
                        r -> r.countsSeen.incrementAndGet() == crossing, r -> r.counted = System.nanoTime());
                Thread spikeWatch = watch(stop, Topics.SPIKES.in(config),
                        stack.kafkaBootstrapServers(), "read_committed",
                        (key, value) -> find(byRole, roleOfSpike(value)), r -> r.spike == 0,
                        r -> r.spike = System.nanoTime());
                int n = 0;
                for (Arrival path : paths) {
                    for (int i = 0; i < warmupRounds + rounds; i++) {
                        Round round = new Round("bench-" + path.name().toLowerCase(Locale.ROOT) + "-" + (n++), path);
                        byRole.put(round.role, round);
                        run(stack, queueUrl, round);
                        awaitWebhook(round);
                        if (i >= warmupRounds) {
                            timed.add(round);
                        }
                        err.printf(Locale.ROOT, "%-5s round %2d: %6.0f ms%n", path, i + 1, ms(round.webhook - round.sent));
                        err.flush();
                    }
                }
                stop.set(true);
                rawWatch.join();
                countWatch.join();
                spikeWatch.join();
            }
            report(out, config, timed);
            return 0;
        } finally {
            stop.set(true);
            receiver.stop(0);
        }
    }

    private void run(EmbeddedStack stack, String queueUrl, Round round) {
        Instant now = Instant.now();
        List<ObjectNode> records = new ArrayList<>();
        for (int i = 0; i < burst; i++) {
            records.add(denial(round.role, i, now.minusMillis(burst - i)));
        }
        if (round.path == Arrival.FAST) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < records.size(); i++) {
                entries.add(SendMessageBatchRequestEntry.builder().id("e" + i)
                        .messageBody(EventBridgeEnvelope.of(records.get(i))).build());
            }
            round.sent = System.nanoTime();
            for (int i = 0; i < entries.size(); i += 10) {
                List<SendMessageBatchRequestEntry> batch = entries.subList(i, Math.min(i + 10, entries.size()));
                stack.sqs().sendMessageBatch(b -> b.queueUrl(queueUrl).entries(batch));
            }
        } else {
            String key = "AWSLogs/" + ACCOUNT + "/CloudTrail/" + REGION + "/" + DAY.format(now) + "/" + ACCOUNT
                    + "_CloudTrail_" + REGION + "_" + STAMP.format(now) + "_" + unique16() + ".json.gz";
            stack.s3().putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(gzip(records)));
            String body = "{\"Records\":[{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\",\"awsRegion\":\""
                    + REGION + "\",\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"" + BUCKET
                    + "\"},\"object\":{\"key\":\"" + URLEncoder.encode(key, StandardCharsets.UTF_8) + "\"}}}]}";
            round.sent = System.nanoTime();
            stack.sqs().sendMessage(b -> b.queueUrl(queueUrl).messageBody(body));
        }
    }

    private static void awaitWebhook(Round round) throws InterruptedException {
        long deadline = System.nanoTime() + ROUND_TIMEOUT.toNanos();
        synchronized (round) {
            while (round.webhook == 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("no incident reached the webhook within " + ROUND_TIMEOUT
                            + " for " + round.role + " (" + round.path + " path; on the raw topic: "
                            + (round.raw != 0) + ", incident committed: " + (round.spike != 0) + ")");
                }
                TimeUnit.NANOSECONDS.timedWait(round, left);
            }
        }
    }

    /** A local webhook receiver: notes when each round's first OPEN arrives. */
    private static HttpServer webhookReceiver(Map<String, Round> byRole) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", exchange -> {
            long at = System.nanoTime();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            JsonNode spike = Json.mapper().readTree(body);
            Round round = find(byRole, roleOfSpike(body));
            if (round != null && "OPEN".equals(spike.path("state").asText())) {
                synchronized (round) {
                    if (round.webhook == 0) {
                        round.webhook = at;
                        round.notifyAll();
                    }
                }
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        return server;
    }

    private interface Locate {
        Round of(String key, byte[] value);
    }

    private interface Mark {
        void at(Round round);
    }

    private static Thread watch(AtomicBoolean stop, String topic, String bootstrap, String isolation, Locate locate,
                                java.util.function.Predicate<Round> first, Mark mark) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "denywatch-bench-latency-" + UUID.randomUUID());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Thread thread = new Thread(() -> {
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                    new ByteArrayDeserializer())) {
                consumer.subscribe(List.of(topic));
                while (!stop.get()) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                        Round round = r.key() == null ? null : locate.of(r.key(), r.value());
                        if (round != null && first.test(round)) {
                            mark.at(round);
                        }
                    }
                }
            }
        }, "denywatch-bench-watch-" + topic);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private void report(PrintWriter out, Config config, List<Round> timed) {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("burst", burst);
        figures.put("rounds", rounds);
        figures.put("overrides", overrides);
        for (Arrival path : paths) {
            List<Round> rs = timed.stream().filter(r -> r.path == path).toList();
            double[] total = rs.stream().mapToDouble(r -> ms(r.webhook - r.sent)).sorted().toArray();
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("medianMs", round1(median(total)));
            p.put("p90Ms", round1(percentile(total, 0.9)));
            p.put("maxMs", round1(total.length == 0 ? 0 : total[total.length - 1]));
            p.put("minMs", round1(total.length == 0 ? 0 : total[0]));
            p.put("medianToRawMs", round1(median(rs.stream().filter(r -> r.raw != 0)
                    .mapToDouble(r -> ms(r.raw - r.sent)).sorted().toArray())));
            p.put("medianRawToCountedMs", round1(median(rs.stream().filter(r -> r.raw != 0 && r.counted != 0)
                    .mapToDouble(r -> ms(r.counted - r.raw)).sorted().toArray())));
            p.put("medianCountedToSpikeMs", round1(median(rs.stream().filter(r -> r.counted != 0 && r.spike != 0)
                    .mapToDouble(r -> ms(r.spike - r.counted)).sorted().toArray())));
            p.put("medianSpikeToWebhookMs", round1(median(rs.stream().filter(r -> r.spike != 0)
                    .mapToDouble(r -> ms(r.webhook - r.spike)).sorted().toArray())));
            p.put("allMs", Arrays.stream(total).map(LatencyBench::round1).boxed().toList());
            figures.put(path == Arrival.FAST ? "fastPath" : "s3Path", p);
        }
        if (json) {
            out.println(new String(Json.bytes(figures), StandardCharsets.UTF_8));
        } else {
            for (Arrival path : paths) {
                @SuppressWarnings("unchecked")
                Map<String, Object> p = (Map<String, Object>) figures.get(path == Arrival.FAST ? "fastPath" : "s3Path");
                out.printf(Locale.ROOT, "%-9s median %6.0f ms  p90 %6.0f ms  max %6.0f ms   (medians, for the denial that crosses the"
                                + " minimum: SQS→raw topic %4.0f ms, raw→count committed %4.0f ms, count→incident"
                                + " committed %4.0f ms, incident→webhook %4.0f ms)%n",
                        path == Arrival.FAST ? "fast path" : "S3 path", p.get("medianMs"), p.get("p90Ms"),
                        p.get("maxMs"), p.get("medianToRawMs"), p.get("medianRawToCountedMs"),
                        p.get("medianCountedToSpikeMs"), p.get("medianSpikeToWebhookMs"));
            }
        }
        out.flush();
    }

    /** A CloudTrail record of an S3 PutObject refused by an SCP, as AWS writes it. */
    static ObjectNode denial(String role, int i, Instant at) {
        ObjectNode r = Json.mapper().createObjectNode();
        r.put("eventVersion", "1.11");
        ObjectNode id = r.putObject("userIdentity");
        id.put("type", "AssumedRole");
        id.put("principalId", "AROABENCH:" + role);
        id.put("arn", "arn:aws:sts::" + ACCOUNT + ":assumed-role/" + role + "/session");
        id.put("accountId", ACCOUNT);
        ObjectNode issuer = id.putObject("sessionContext").putObject("sessionIssuer");
        issuer.put("type", "Role");
        issuer.put("principalId", "AROABENCH");
        issuer.put("arn", "arn:aws:iam::" + ACCOUNT + ":role/" + role);
        issuer.put("accountId", ACCOUNT);
        issuer.put("userName", role);
        r.put("eventTime", DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
        r.put("eventSource", "s3.amazonaws.com");
        r.put("eventName", "PutObject");
        r.put("awsRegion", REGION);
        r.put("sourceIPAddress", "203.0.113.7");
        r.put("userAgent", "aws-cli/2.15");
        r.put("errorCode", "AccessDenied");
        r.put("errorMessage", "User: arn:aws:sts::" + ACCOUNT + ":assumed-role/" + role + "/session is not"
                + " authorized to perform: s3:PutObject on resource: \"arn:aws:s3:::releases/app-" + i
                + ".tar.gz\" with an explicit deny in a service control policy");
        r.putObject("requestParameters").put("bucketName", "releases").put("key", "app-" + i + ".tar.gz");
        r.putNull("responseElements");
        r.put("requestID", "REQ" + UUID.randomUUID().toString().substring(0, 8));
        r.put("eventID", role + "_" + i + "_" + UUID.randomUUID());
        r.put("readOnly", false);
        r.put("eventType", "AwsApiCall");
        r.put("managementEvent", false);
        r.put("recipientAccountId", ACCOUNT);
        r.put("eventCategory", "Data");
        return r;
    }

    private static byte[] gzip(List<ObjectNode> records) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            ObjectNode file = Json.mapper().createObjectNode();
            file.putArray("Records").addAll(records);
            gz.write(Json.bytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static Round find(Map<String, Round> byRole, String role) {
        return role == null ? null : byRole.get(role);
    }

    /** The 16 letters and digits that end a CloudTrail log file's name. */
    private static String unique16() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    private static String roleOfEventId(String eventId) {
        int cut = eventId == null ? -1 : eventId.indexOf('_');
        return cut < 0 ? null : eventId.substring(0, cut);
    }

    /** The role in a count's key ({@code principal|arn:aws:iam::…:role/NAME}, and the other dimensions). */
    private static String roleOfCount(String key) {
        if (key == null || !key.contains(":role/")) {
            return null;
        }
        String rest = key.substring(key.indexOf(":role/") + 6);
        int end = 0;
        while (end < rest.length() && (Character.isLetterOrDigit(rest.charAt(end)) || rest.charAt(end) == '-')) {
            end++;
        }
        return rest.substring(0, end);
    }

    private static String roleOfSpike(byte[] value) {
        try {
            String principal = Json.mapper().readTree(value).path("key").path("principal").asText("");
            return principal.substring(principal.lastIndexOf('/') + 1);
        } catch (IOException e) {
            return null;
        }
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    static double median(double[] sorted) {
        return percentile(sorted, 0.5);
    }

    /** The value at fraction {@code q} of the sorted values (nearest rank; the mean of the two middle ones at 0.5). */
    static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        if (q == 0.5 && sorted.length % 2 == 0) {
            return (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        }
        int rank = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
    }
}
