package io.denywatch.cli.fastpath;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.denywatch.cli.command.AllRoles;
import io.denywatch.common.config.Config;
import io.denywatch.common.http.Health;
import io.denywatch.common.http.HttpEndpoint;
import io.denywatch.common.json.Json;
import io.denywatch.common.metrics.Metrics;
import io.denywatch.embedded.EmbeddedKafka;
import io.denywatch.embedded.MotoServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fast path end to end on a real EventBridge: CloudTrail events put on moto's bus are routed by the rule made from
 * {@code deploy/terraform/fast-path-pattern.json} to moto's SQS queue, read by denywatch's ingestor, judged by the
 * analyzer and alerted once on a webhook; the same events arriving minutes later in their log file (moto's S3, its
 * notification on the trail's queue) are dropped as duplicates and alert nothing more.
 */
class FastPathEndToEndIT {

    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final String ACCOUNT = MotoServer.ACCOUNT;
    private static final String REGION = MotoServer.REGION;
    private static final String ROLE = "deploy";
    private static final String BUCKET = "acme-trail";
    private static final int BURST = 12;

    private static MotoServer moto;
    private static EmbeddedKafka kafka;
    private static EventBridgeClient events;
    private static SqsClient sqs;
    private static S3Client s3;
    private static HttpServer receiver;
    private static final List<JsonNode> webhook = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        moto = MotoServer.start();
        kafka = EmbeddedKafka.start();
        events = EventBridgeClient.builder().endpointOverride(moto.endpoint()).region(Region.of(REGION))
                .credentialsProvider(MotoServer.credentials()).httpClientBuilder(ApacheHttpClient.builder()).build();
        sqs = SqsClient.builder().endpointOverride(moto.endpoint()).region(Region.of(REGION))
                .credentialsProvider(MotoServer.credentials()).httpClientBuilder(ApacheHttpClient.builder()).build();
        s3 = S3Client.builder().endpointOverride(moto.endpoint()).region(Region.of(REGION)).forcePathStyle(true)
                .credentialsProvider(MotoServer.credentials()).httpClientBuilder(ApacheHttpClient.builder()).build();
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            webhook.add(Json.mapper().readTree(exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterAll
    static void stop() {
        if (receiver != null) {
            receiver.stop(0);
        }
        for (AutoCloseable c : new AutoCloseable[] {events, sqs, s3, kafka, moto}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // the next one still closes
            }
        }
    }

    @Test
    void eventsOnTheBusAreAlertedOnceAndTheirLogFileAddsNothing() throws Exception {
        String trailQueue = sqs.createQueue(b -> b.queueName("trail-notifications")).queueUrl();
        String fastQueue = sqs.createQueue(b -> b.queueName("fast-path")).queueUrl();
        String fastQueueArn = sqs.getQueueAttributes(b -> b.queueUrl(fastQueue)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        String pattern = patternFile();
        events.putRule(b -> b.name("denywatch-fast-path").eventBusName("default").eventPattern(pattern)
                .state("ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"));
        assertEquals(0, events.putTargets(b -> b.rule("denywatch-fast-path")
                .targets(t -> t.id("fast-path-queue").arn(fastQueueArn))).failedEntryCount());
        s3.createBucket(b -> b.bucket(BUCKET));

        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        settings.put("aws.region", REGION);
        settings.put("aws.s3.endpoint", moto.endpoint().toString());
        settings.put("aws.s3.path-style", "true");
        settings.put("aws.sqs.endpoint", moto.endpoint().toString());
        settings.put("ingest.queue-url", trailQueue);
        settings.put("ingest.fast-path.queue-url", fastQueue);
        settings.put("ingest.wait-time", "1s");
        settings.put("analyzer.state-dir", Files.createTempDirectory("dw-fast-path").toString());
        settings.put("analyzer.spike.learning-period", "0s");
        settings.put("alerts.webhook.url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
        Config config = Config.of(settings);
        AllRoles.validate(config);
        PrometheusMeterRegistry registry = Metrics.newRegistry();
        Health health = new Health();
        String keyId = System.getProperty("aws.accessKeyId");
        String secret = System.getProperty("aws.secretAccessKey");
        System.setProperty("aws.accessKeyId", "testing");
        System.setProperty("aws.secretAccessKey", "testing");
        try (HttpEndpoint http = HttpEndpoint.start("127.0.0.1", 0, registry, health);
             AllRoles roles = AllRoles.start(config, registry, health, http,
                     new PrintWriter(PrintWriter.nullWriter()))) {
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            List<ObjectNode> denials = new ArrayList<>();
            List<ObjectNode> all = new ArrayList<>();
            for (int i = 0; i < BURST; i++) {
                ObjectNode d = record(i, now.minusSeconds(BURST - i), true);
                denials.add(d);
                all.add(d);
            }
            for (int i = 0; i < 5; i++) {
                all.add(record(100 + i, now.minusSeconds(i), false));
            }
            for (int i = 0; i < all.size(); i += 10) {
                List<PutEventsRequestEntry> entries = all.subList(i, Math.min(i + 10, all.size())).stream()
                        .map(r -> PutEventsRequestEntry.builder().eventBusName("default").source("aws.s3")
                                .detailType("AWS API Call via CloudTrail").detail(new String(Json.bytes(r), StandardCharsets.UTF_8))
                                .build())
                        .toList();
                assertEquals(0, events.putEvents(b -> b.entries(entries)).failedEntryCount());
            }

            // The rule forwarded the failures only; the incident is announced once per dimension counted.
            await("the burst's incidents on the webhook").atMost(PATIENCE)
                    .until(() -> opened().size() == 3);
            assertEquals(BURST, count(registry, "denywatch.ingest.eventbridge.events"),
                    "the rule forwards the twelve denials and none of the five successful calls");
            String principalIncident = opened().entrySet().stream()
                    .filter(e -> e.getValue().get("dimension").asText().equals("principal")).findFirst()
                    .orElseThrow().getKey();

            // Minutes later, the trail's log file with the same events, notified as S3 notifies the trail's queue.
            String key = "AWSLogs/" + ACCOUNT + "/CloudTrail/" + REGION + "/"
                    + DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC).format(now) + "/" + ACCOUNT
                    + "_CloudTrail_" + REGION + "_" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'")
                    .withZone(ZoneOffset.UTC).format(now) + "_" + "a1B2c3D4e5F6g7H8.json.gz";
            s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(gzip(all)));
            sqs.sendMessage(b -> b.queueUrl(trailQueue).messageBody(s3Notification(key)));
            await("the log file read, its denials dropped as duplicates").atMost(PATIENCE)
                    .until(() -> count(registry, "denywatch.analyzer.duplicates.dropped") >= BURST);
            await("the trail's notification settled").atMost(PATIENCE)
                    .until(() -> count(registry, "denywatch.ingest.messages.deleted") >= 1);

            assertEquals(BURST, count(registry, "denywatch.analyzer.duplicates.dropped"));
            assertEquals(BURST, count(registry, "denywatch.analyzer.denials"), "each denial judged once");
            Map<String, List<JsonNode>> byIncident = webhook.stream()
                    .collect(Collectors.groupingBy(m -> m.get("incidentId").asText()));
            assertEquals(3, byIncident.size(), "no second incident: " + webhook);
            for (List<JsonNode> messages : byIncident.values()) {
                assertEquals(1, messages.stream().filter(m -> m.get("state").asText().equals("OPEN")).count(),
                        "announced once: " + messages);
            }
            JsonNode latest = byIncident.get(principalIncident).get(byIncident.get(principalIncident).size() - 1);
            assertEquals("arn:aws:iam::" + ACCOUNT + ":role/" + ROLE, latest.at("/key/principal").asText());
            assertTrue(latest.get("totalCount").asLong() >= 10 && latest.get("totalCount").asLong() <= BURST,
                    latest.toString());
            assertEquals("SERVICE_CONTROL_POLICY", latest.at("/diagnosis/policyType").asText());
        } finally {
            restore("aws.accessKeyId", keyId);
            restore("aws.secretAccessKey", secret);
        }
    }

    /** The first OPEN of each incident the webhook heard. */
    private static Map<String, JsonNode> opened() {
        return webhook.stream().filter(m -> m.get("state").asText().equals("OPEN"))
                .collect(Collectors.toMap(m -> m.get("incidentId").asText(), Function.identity(), (a, b) -> a));
    }

    /** An S3 PutObject by the deploy role: refused by an SCP, or (for the others) a success. */
    private static ObjectNode record(int i, Instant at, boolean denied) {
        ObjectNode r = Json.mapper().createObjectNode();
        r.put("eventVersion", "1.11");
        ObjectNode id = r.putObject("userIdentity");
        id.put("type", "AssumedRole");
        id.put("principalId", "AROAEXAMPLE:ci");
        id.put("arn", "arn:aws:sts::" + ACCOUNT + ":assumed-role/" + ROLE + "/ci");
        id.put("accountId", ACCOUNT);
        ObjectNode issuer = id.putObject("sessionContext").putObject("sessionIssuer");
        issuer.put("type", "Role");
        issuer.put("arn", "arn:aws:iam::" + ACCOUNT + ":role/" + ROLE);
        issuer.put("accountId", ACCOUNT);
        issuer.put("userName", ROLE);
        r.put("eventTime", DateTimeFormatter.ISO_INSTANT.format(at));
        r.put("eventSource", "s3.amazonaws.com");
        r.put("eventName", "PutObject");
        r.put("awsRegion", REGION);
        r.put("sourceIPAddress", "203.0.113.7");
        if (denied) {
            r.put("errorCode", "AccessDenied");
            r.put("errorMessage", "User: arn:aws:sts::" + ACCOUNT + ":assumed-role/" + ROLE + "/ci is not authorized"
                    + " to perform: s3:PutObject on resource: \"arn:aws:s3:::releases/app-" + i + ".tar.gz\" with an"
                    + " explicit deny in a service control policy");
        }
        r.putObject("requestParameters").put("bucketName", "releases").put("key", "app-" + i + ".tar.gz");
        r.put("requestID", "REQ" + i);
        r.put("eventID", UUID.nameUUIDFromBytes(("fast-path-" + i).getBytes(StandardCharsets.UTF_8)).toString());
        r.put("readOnly", false);
        r.put("eventType", "AwsApiCall");
        r.put("managementEvent", false);
        r.put("recipientAccountId", ACCOUNT);
        r.put("eventCategory", "Data");
        return r;
    }

    private static String s3Notification(String key) {
        return "{\"Records\":[{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\",\"awsRegion\":\"" + REGION
                + "\",\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"" + BUCKET + "\"},"
                + "\"object\":{\"key\":\"" + URLEncoder.encode(key, StandardCharsets.UTF_8) + "\"}}}]}";
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

    private static double count(PrometheusMeterRegistry registry, String name) {
        return Search.in(registry).name(name).counters().stream().mapToDouble(Counter::count).sum();
    }

    private static String patternFile() throws IOException {
        Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        Path root = module.endsWith("cli") ? module.getParent() : module;
        return Files.readString(root.resolve("deploy/terraform/fast-path-pattern.json"), StandardCharsets.UTF_8);
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }
}
