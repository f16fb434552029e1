package io.denywatch.cli.scan;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.denywatch.alerts.sign.WebhookSecret;
import io.denywatch.alerts.sign.WebhookVerifier;
import io.denywatch.cli.CliRun;
import io.denywatch.common.json.Json;
import io.denywatch.contract.incident.SpikeRecord;
import io.denywatch.embedded.SampleLogFiles;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.denywatch.embedded.EmbeddedS3;
import io.denywatch.embedded.S3Store;
import io.denywatch.embedded.SavedEventShapes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code denywatch scan} over real saved logs, through the analyzer's own topology. */
class ScanCommandTest {

    @Test
    void theRealSampleGivesItsSixtyDenialsAndTheIncidentsInThem(@TempDir Path dir) throws Exception {
        copySample(dir, "");
        JsonNode report = scanJson(dir);
        assertEquals(55, report.get("files").asInt());
        assertEquals(2900, report.get("events").asInt());
        assertEquals(60, report.get("denials").asInt());
        assertEquals(0, report.get("authenticationFailures").asInt());
        assertEquals(0, report.get("duplicatesDropped").asInt());
        assertEquals(44, report.at("/byErrorCode/Client.UnauthorizedOperation").asInt());
        assertEquals(16, report.at("/byErrorCode/AccessDenied").asInt());
        assertEquals("arn:aws:iam::123837392027:role/stratus-red-team-ec2-get-password-data-role",
                report.at("/topPrincipals/0/value").asText());
        assertEquals(29, report.at("/topPrincipals/0/count").asInt());
        assertTrue(report.get("spikes").size() >= 2, report.get("spikes").toString());
        for (JsonNode spike : report.get("spikes")) {
            assertTrue(spike.get("incidentId").asText().startsWith("dw-"));
        }
        assertEquals(0, report.get("errors").size(), report.get("errors").toString());
    }

    @Test
    void configuredSinksAreToldOfEveryIncidentTheScanFindsOnceSignedAndTheConsoleShowsThem(@TempDir Path dir)
            throws Exception {
        copySample(dir, "");
        List<JsonNode> received = new CopyOnWriteArrayList<>();
        List<String> signatures = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(Json.mapper().readTree(body));
            signatures.add(new WebhookVerifier(
                    WebhookSecret.of("scan-test-secret-0123456789"), Clock.systemUTC()).verify(
                    exchange.getRequestHeaders().getFirst("X-Denywatch-Timestamp"),
                    exchange.getRequestHeaders().getFirst("X-Denywatch-Signature"), body).name());
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        try {
            CliRun run = CliRun.of("scan", "--json", dir.toString(),
                    "--set", "alerts.webhook.url=http://127.0.0.1:" + server.getAddress().getPort() + "/hook",
                    "--set", "alerts.webhook.secret=scan-test-secret-0123456789",
                    "--set", "alerts.console=true");
            assertEquals(0, run.code(), run.err());
            String[] lines = run.out().strip().split("\n");
            JsonNode report = Json.mapper().readTree(lines[lines.length - 1]);

            Set<String> found = new HashSet<>();
            report.get("spikes").forEach(spike -> found.add(spike.get("incidentId").asText()));
            Map<String, List<String>> statesByIncident = new HashMap<>();
            for (JsonNode message : received) {
                statesByIncident.computeIfAbsent(message.get("incidentId").asText(), k -> new ArrayList<>())
                        .add(message.get("state").asText());
            }
            assertEquals(found, statesByIncident.keySet());
            for (List<String> states : statesByIncident.values()) {
                assertEquals("OPEN", states.get(0), states.toString());
                assertEquals(1, states.stream().filter("OPEN"::equals).count(), states.toString());
            }
            assertTrue(signatures.stream().allMatch("VALID"::equals), signatures.toString());
            for (String incident : found) {
                assertTrue(run.out().contains("· OPEN · access denial spike · incident " + incident), run.out());
            }
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aBurstOfSixtyDenialsInOneMinuteIsReportedAsSixtyInJsonTextAndHtml(@TempDir Path dir) throws Exception {
        List<String> burst = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            int second = i;
            burst.add(event(100 + i, e -> e.put("eventTime", String.format("2023-07-10T12:00:%02dZ", second))));
        }
        Files.writeString(dir.resolve("123456789012_CloudTrail_us-east-1_20230710T1205Z_BurstAbcdefghijk.json"),
                "{\"Records\":[" + String.join(",", burst) + "]}");
        Path html = dir.resolve("report.html");

        JsonNode report = scanJson(dir);
        CliRun text = CliRun.of("scan", dir.toString(), "--html", html.toString());

        // One incident per dimension (principal, principal + action + resource, account), each the whole burst.
        assertEquals(3, report.get("spikes").size(), report.get("spikes").toString());
        for (JsonNode spike : report.get("spikes")) {
            assertEquals(SpikeRecord.SCHEMA_VERSION, spike.get("schemaVersion").asInt());
            assertEquals(60, spike.get("totalCount").asLong(), spike.toString());
            assertEquals(60, spike.get("peakCount").asLong(), spike.toString());
            assertEquals(59, spike.get("durationSeconds").asLong(), spike.toString());
            assertEquals("2023-07-10T12:00:00Z", spike.get("startedAt").asText());
            assertEquals("2023-07-10T12:00:59Z", spike.get("latestAt").asText());
            assertEquals(60, spike.get("count").asLong(), "the update reports the peak window: " + spike);
        }
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("60 denials in 1 min, peak 60 per 5 min"), text.out());
        assertFalse(text.out().contains("10 denials"), text.out());
        String page = Files.readString(html);
        assertTrue(page.contains("60 denials in 1 min, peak 60 per 5 min"), page);
        assertFalse(page.contains("10 denials"), page);
        // The report carries the digest of the span read, in all three forms.
        JsonNode digest = report.get("digest");
        assertEquals(60, digest.get("denials").asLong(), digest.toString());
        assertEquals("2023-07-10T12:00:00Z", digest.get("periodStart").asText());
        assertEquals("2023-07-10T12:00:59.001Z", digest.get("periodEnd").asText());
        assertEquals(1, digest.get("principals").asLong());
        assertEquals(3, digest.get("incidentsTotal").asLong());
        assertFalse(digest.get("previousComplete").asBoolean(), "nothing before the span was read");
        assertTrue(text.out().contains("Denial digest (1 min)"), text.out());
        assertTrue(page.contains("<section id=\"digest\">"), page);
    }

    @Test
    void eventsWithMissingMistypedOrHostileFieldsNeitherStopTheScanNorLoseTheGoodOnes(@TempDir Path dir)
            throws Exception {
        List<String> records = new ArrayList<>();
        records.add(event(1, e -> { }));
        records.add(event(2, e -> e.remove("eventID")));
        records.add(event(3, e -> e.put("eventID", 12345)));
        records.add(event(4, e -> e.remove("eventTime")));
        records.add(event(5, e -> e.put("eventTime", "yesterday")));
        records.add(event(6, e -> e.put("eventTime", "9999-12-31T23:59:59Z")));
        records.add(event(7, e -> e.put("eventTime", "1970-01-01T00:00:00Z")));
        records.add(event(8, e -> e.put("errorCode", 403)));
        records.add(event(9, e -> e.putObject("errorCode").put("x", 1)));
        records.add(event(10, e -> e.remove("userIdentity")));
        records.add(event(11, e -> e.put("userIdentity", "root")));
        records.add(event(12, e -> e.put("errorMessage", "User: \u001b[31mred\u0007 \u202e is not authorized to"
                + " perform: s3:GetObject")));
        Files.writeString(dir.resolve("123456789012_CloudTrail_us-east-1_20230710T1200Z_BadFieldsAbcdefg.json"),
                "{\"Records\":[" + String.join(",", records) + "]}");
        byte[] utf8 = ("{\"Records\":[" + event(13, e -> e.put("errorMessage", "INVALID")) + "]}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String text = new String(utf8, java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = text.indexOf("INVALID");
        utf8[at] = (byte) 0xff;
        utf8[at + 1] = (byte) 0xfe;
        Files.write(dir.resolve("123456789012_CloudTrail_us-east-1_20230710T1205Z_BadUtf8Abcdefghi.json"), utf8);

        JsonNode report = scanJson(dir);
        assertEquals(2, report.get("files").asInt());
        // Every record of the first file is read; the two whose errorCode is not text are not denials.
        assertEquals(12, report.get("events").asInt());
        assertEquals(10, report.get("denials").asInt(), report.toString());
        // Bytes that are not UTF-8 stop the parser: that file is reported with its reason, the rest is counted.
        assertEquals(1, report.get("errors").size(), report.get("errors").toString());
        assertTrue(report.at("/errors/0/source").asText().endsWith("BadUtf8Abcdefghi.json"));
        assertTrue(report.at("/errors/0/reason").asText().contains("UTF-8"), report.get("errors").toString());
    }

    private static String event(int n, java.util.function.Consumer<com.fasterxml.jackson.databind.node.ObjectNode>
            damage) {
        com.fasterxml.jackson.databind.node.ObjectNode e = Json.mapper().createObjectNode();
        e.put("eventVersion", "1.09");
        com.fasterxml.jackson.databind.node.ObjectNode who = e.putObject("userIdentity");
        who.put("type", "AssumedRole");
        who.put("arn", "arn:aws:sts::123456789012:assumed-role/r/s");
        who.put("accountId", "123456789012");
        who.putObject("sessionContext").putObject("sessionIssuer").put("type", "Role")
                .put("arn", "arn:aws:iam::123456789012:role/r");
        e.put("eventTime", "2023-07-10T12:00:0" + (n % 10) + "Z");
        e.put("eventSource", "s3.amazonaws.com");
        e.put("eventName", "GetObject");
        e.put("awsRegion", "us-east-1");
        e.put("errorCode", "AccessDenied");
        e.put("errorMessage", "User: arn:aws:sts::123456789012:assumed-role/r/s is not authorized to perform:"
                + " s3:GetObject on resource: \"arn:aws:s3:::b/k\" because no identity-based policy allows the"
                + " s3:GetObject action");
        e.put("eventID", String.format("00000000-0000-0000-0000-%012d", n));
        e.put("recipientAccountId", "123456789012");
        damage.accept(e);
        return e.toString();
    }

    @Test
    void aFolderMixingGoodBadAndDuplicatedFilesIsCountedExactlyAndEveryBadFileReported(@TempDir Path dir)
            throws Exception {
        copySample(dir, "first/");
        copySample(dir, "again/");
        Files.write(dir.resolve("corrupt.json.gz"), corruptGzip());
        Files.writeString(dir.resolve("broken.json"), "{\"Records\":[{\"eventID\":\"x\",");
        Files.writeString(dir.resolve("not-events.json"), "\"Records\"");
        Files.writeString(dir.resolve("mixed.json"), "{\"Records\":[42,{\"eventID\":\"fine\"}]}");

        JsonNode report = scanJson(dir);

        assertEquals(60, report.get("denials").asInt(), "each denial once, though every file is there twice");
        assertEquals(62, report.get("duplicatesDropped").asInt(), "60 denials and 2 console sign-ins seen again");
        Map<String, String> errors = new HashMap<>();
        report.get("errors").forEach(e -> errors.put(e.get("source").asText(), e.get("reason").asText()));
        assertEquals(4, errors.size(), errors.toString());
        assertTrue(reason(errors, "corrupt.json.gz").startsWith("corrupt_gzip"), errors.toString());
        assertTrue(reason(errors, "broken.json").startsWith("invalid_json"), errors.toString());
        assertTrue(reason(errors, "not-events.json").startsWith("not_an_object"), errors.toString());
        assertEquals("record_not_an_object", reason(errors, "mixed.json#0"));
    }

    @ParameterizedTest
    @EnumSource(SavedEventShapes.class)
    void everyShapeOfTheRealSampleGivesWhatItsDeliveryFilesGive(SavedEventShapes shape, @TempDir Path dir)
            throws Exception {
        for (String name : SampleLogFiles.names()) {
            Files.write(dir.resolve(name.replace(".json", ".log")), shape.of(SampleLogFiles.bytes(name)));
        }

        JsonNode report = scanJson(dir);

        assertEquals(0, report.get("errors").size(), report.get("errors").toString());
        assertSameFindings(deliveryFileReport(), report);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void oneEventPerFileAloneOrAsAnEventBridgeEventGivesWhatItsDeliveryFileGives(boolean eventBridge,
            @TempDir Path dir) throws Exception {
        String name = SampleLogFiles.names().stream().filter(n -> n.contains("20230710T1200Z_iLj9fb7yyUG9X4Bf"))
                .findFirst().orElseThrow();
        Path delivered = dir.resolve("delivered");
        Files.createDirectories(delivered);
        Files.write(delivered.resolve(name), SampleLogFiles.bytes(name));
        Path single = dir.resolve("single");
        Files.createDirectories(single);
        List<ObjectNode> events = SavedEventShapes.events(SampleLogFiles.bytes(name));
        for (int i = 0; i < events.size(); i++) {
            JsonNode value = eventBridge ? SavedEventShapes.envelope(events.get(i)) : events.get(i);
            Files.writeString(single.resolve(String.format("event-%04d", i)), value.toString());
        }

        JsonNode expected = scanJson(delivered);
        JsonNode report = scanJson(single);

        assertTrue(expected.get("denials").asInt() >= 27, expected.toString());
        assertEquals(events.size(), report.get("files").asInt());
        assertEquals(0, report.get("errors").size(), report.get("errors").toString());
        assertEquals(expected.get("events"), report.get("events"));
        assertEquals(expected.get("denials"), report.get("denials"));
        assertEquals(expected.get("byErrorCode"), report.get("byErrorCode"));
        assertEquals(expected.get("byPolicyType"), report.get("byPolicyType"));
        assertEquals(expected.get("topPrincipals"), report.get("topPrincipals"));
    }

    @Test
    void aFolderMixingEveryShapeGzipAndAnyNameGivesTheSumAndReportsWhatIsNoShape(@TempDir Path dir)
            throws Exception {
        SavedEventShapes[] shapes = SavedEventShapes.values();
        String[] endings = {".log", "", ".ndjson", ".json.gz", ".json", ".txt", ".gz"};
        List<String> names = SampleLogFiles.names();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            byte[] delivered = SampleLogFiles.bytes(name);
            List<ObjectNode> events = SavedEventShapes.events(delivered);
            byte[] content;
            if (events.size() == 1) {
                // A lone event, plain or as EventBridge delivers it.
                content = (i % 2 == 0 ? events.get(0) : SavedEventShapes.envelope(events.get(0))).toString()
                        .getBytes(StandardCharsets.UTF_8);
            } else {
                content = shapes[i % shapes.length].of(events);
            }
            String ending = endings[i % endings.length];
            boolean gzip = ending.endsWith(".gz") || i % 3 == 0;
            String stem = name.substring(0, name.length() - ".json".length());
            Files.createDirectories(dir.resolve(i % 2 == 0 ? "a" : "b/c"));
            Files.write(dir.resolve((i % 2 == 0 ? "a/" : "b/c/") + stem + ending),
                    gzip ? SampleLogFiles.gzip(content) : content);
        }
        // Left out: hidden files and folders, and the digest files of an AWSLogs/ copy.
        String extra = "{\"Records\":[" + event(900, e -> { }) + "]}";
        Files.writeString(dir.resolve(".hidden.json"), extra);
        Files.createDirectories(dir.resolve(".cache"));
        Files.writeString(dir.resolve(".cache/copy.json"), extra);
        Path digests = dir.resolve("AWSLogs/123456789012/CloudTrail-Digest/us-east-1/2023/07/10");
        Files.createDirectories(digests);
        Files.writeString(digests.resolve(
                "123456789012_CloudTrail-Digest_us-east-1_trail_us-east-1_20230710T120000Z.json.gz"), extra);
        // Read, and reported with the reason they are no shape of CloudTrail's.
        Files.writeString(dir.resolve("notes.txt"), "hello, these are not events\n");
        Files.writeString(dir.resolve("number"), "42");
        Files.writeString(dir.resolve("s3-event.json"), "{\"version\":\"0\",\"detail-type\":\"Object Created\","
                + "\"source\":\"aws.s3\",\"detail\":{\"bucket\":{\"name\":\"b\"}}}");

        JsonNode report = scanJson(dir);

        assertEquals(names.size() + 3, report.get("files").asInt());
        assertSameFindings(deliveryFileReport(), report);
        Map<String, String> errors = new HashMap<>();
        report.get("errors").forEach(e -> errors.put(e.get("source").asText(), e.get("reason").asText()));
        assertEquals(3, errors.size(), errors.toString());
        assertTrue(reason(errors, "notes.txt").startsWith("invalid_json"), errors.toString());
        assertTrue(reason(errors, "/number").startsWith("not_an_object"), errors.toString());
        assertTrue(reason(errors, "/number").contains("the top level is a number"), errors.toString());
        assertEquals("not_a_cloudtrail_event", reason(errors, "s3-event.json#0"), errors.toString());
    }

    @Test
    void anS3PrefixIsScannedLikeAFolderWhateverTheShapesAndNames() throws Exception {
        try (EmbeddedS3 server = EmbeddedS3.start(S3Store.TRANSIENT);
             S3Client s3 = S3Client.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                     .forcePathStyle(true).credentialsProvider(StaticCredentialsProvider.create(
                             AwsBasicCredentials.create("test", "test"))).build()) {
            s3.createBucket(b -> b.bucket("exports"));
            SavedEventShapes[] shapes = SavedEventShapes.values();
            String[] endings = {".ndjson", "", ".log", ".json.gz"};
            List<String> names = SampleLogFiles.names();
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                byte[] content = shapes[i % shapes.length].of(SampleLogFiles.bytes(name));
                String key = "incident/" + name.replace(".json", endings[i % endings.length]);
                byte[] body = i % 2 == 0 ? SampleLogFiles.gzip(content) : content;
                s3.putObject(b -> b.bucket("exports").key(key), RequestBody.fromBytes(body));
            }
            String extra = "{\"Records\":[" + event(901, e -> { }) + "]}";
            for (String key : List.of("incident/.DS_Store", "elsewhere/extra.json",
                    "incident/AWSLogs/123456789012/CloudTrail-Digest/us-east-1/2023/07/10/digest.json.gz")) {
                s3.putObject(b -> b.bucket("exports").key(key), RequestBody.fromString(extra));
            }
            s3.putObject(b -> b.bucket("exports").key("incident/sub/"), RequestBody.empty());

            String oldKey = System.getProperty("aws.accessKeyId");
            String oldSecret = System.getProperty("aws.secretAccessKey");
            System.setProperty("aws.accessKeyId", "test");
            System.setProperty("aws.secretAccessKey", "test");
            CliRun run;
            try {
                run = CliRun.of("scan", "--json", "s3://exports/incident/",
                        "--set", "aws.s3.endpoint=" + server.endpoint(), "--set", "aws.s3.path-style=true",
                        "--set", "aws.region=us-east-1");
            } finally {
                restore("aws.accessKeyId", oldKey);
                restore("aws.secretAccessKey", oldSecret);
            }
            assertEquals(0, run.code(), run.err());
            String[] lines = run.out().strip().split("\n");
            JsonNode report = Json.mapper().readTree(lines[lines.length - 1]);
            assertEquals(names.size(), report.get("files").asInt());
            assertEquals(0, report.get("errors").size(), report.get("errors").toString());
            assertSameFindings(deliveryFileReport(), report);
        }
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }

    @Test
    void everyObjectButFolderMarkersHiddenFilesAndCloudTrailsOtherFilesIsScanned() {
        assertTrue(ScanSources.isScanned("exports/events.ndjson", "/events.ndjson"));
        assertTrue(ScanSources.isScanned("exports/lookup", "lookup"));
        assertTrue(ScanSources.isScanned("AWSLogs/123456789012/CloudTrail/us-east-1/2023/07/10/"
                + "123456789012_CloudTrail_us-east-1_20230710T1200Z_abcdefghijklmnop.json.gz", "x"));
        assertFalse(ScanSources.isScanned("exports/", ""));
        assertFalse(ScanSources.isScanned("exports/.DS_Store", ".DS_Store"));
        assertFalse(ScanSources.isScanned("exports/.git/config", ".git/config"));
        assertTrue(ScanSources.isScanned(".exports/events.json", "events.json"), "only below the prefix counts");
        assertFalse(ScanSources.isScanned("AWSLogs/123456789012/CloudTrail-Digest/us-east-1/2023/07/10/"
                + "123456789012_CloudTrail-Digest_us-east-1_t_us-east-1_20230710T120000Z.json.gz", "x"));
        assertFalse(ScanSources.isScanned("logs/AWSLogs/123456789012/CloudTrail-Insight/x.json.gz", "x"));
        assertFalse(ScanSources.isScanned("logs/ConfigWritabilityCheckFile", "ConfigWritabilityCheckFile"));
    }

    private static JsonNode deliveryFileBaseline;

    /** The report of the bundled sample as CloudTrail delivered it, scanned once for every comparison. */
    private static synchronized JsonNode deliveryFileReport() throws Exception {
        if (deliveryFileBaseline == null) {
            Path dir = Files.createTempDirectory("scan-baseline");
            copySample(dir, "");
            deliveryFileBaseline = scanJson(dir);
            assertEquals(60, deliveryFileBaseline.get("denials").asInt());
            assertEquals(2900, deliveryFileBaseline.get("events").asInt());
        }
        return deliveryFileBaseline;
    }

    /** Everything a scan finds, but the files it read and the problems it met, is the same. */
    private static void assertSameFindings(JsonNode expected, JsonNode report) {
        for (String field : List.of("events", "denials", "authenticationFailures", "duplicatesDropped", "ignored",
                "byPolicyType", "byErrorCode", "topPrincipals", "topActions")) {
            assertEquals(expected.get(field), report.get(field), field);
        }
        assertEquals(incidents(expected), incidents(report));
    }

    private static List<String> incidents(JsonNode report) {
        List<String> incidents = new ArrayList<>();
        report.get("spikes").forEach(s -> incidents.add(s.get("incidentId").asText() + " "
                + s.get("totalCount").asLong() + " " + s.get("peakCount").asLong()));
        return incidents;
    }

    @Test
    void theTextReportNamesTheLayersPrincipalsAndIncidents(@TempDir Path dir) throws Exception {
        copySample(dir, "");
        CliRun run = CliRun.of("scan", dir.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("Scanned 55 files, 2,900 events: 60 denials"), run.out());
        assertTrue(run.out().contains("Denials by policy layer"), run.out());
        assertTrue(run.out().contains("stratus-red-team-ec2-get-password-data-role"), run.out());
        assertTrue(run.out().contains("Incidents ("), run.out());
    }

    private static String reason(Map<String, String> errors, String suffix) {
        return errors.entrySet().stream().filter(e -> e.getKey().endsWith(suffix)).map(Map.Entry::getValue)
                .findFirst().orElse("(not reported)");
    }

    private static JsonNode scanJson(Path dir) throws Exception {
        CliRun run = CliRun.of("scan", "--json", dir.toString());
        assertEquals(0, run.code(), run.err());
        String[] lines = run.out().strip().split("\n");
        return Json.mapper().readTree(lines[lines.length - 1]);
    }

    private static void copySample(Path dir, String sub) throws Exception {
        Files.createDirectories(dir.resolve(sub.isEmpty() ? "." : sub));
        for (String name : SampleLogFiles.names()) {
            Files.write(dir.resolve(sub + name), SampleLogFiles.bytes(name));
        }
    }

    private static byte[] corruptGzip() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(SampleLogFiles.bytes(SampleLogFiles.names().get(0)));
        }
        byte[] bytes = out.toByteArray();
        for (int i = 30; i < 200; i++) {
            bytes[i] ^= 0x33;
        }
        return Arrays.copyOf(bytes, bytes.length);
    }


}
