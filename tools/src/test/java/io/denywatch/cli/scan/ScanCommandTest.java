package io.denywatch.cli.scan;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.denywatch.alerts.sign.WebhookSecret;
import io.denywatch.alerts.sign.WebhookVerifier;
import io.denywatch.cli.CliRun;
import io.denywatch.common.json.Json;
import io.denywatch.embedded.SampleLogFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
            assertEquals(2, spike.get("schemaVersion").asInt());
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
        Files.writeString(dir.resolve("not-array.json"), "{\"Records\":{\"eventID\":\"x\"}}");
        Files.writeString(dir.resolve("mixed.json"), "{\"Records\":[42,{\"eventID\":\"fine\"}]}");

        JsonNode report = scanJson(dir);

        assertEquals(60, report.get("denials").asInt(), "each denial once, though every file is there twice");
        assertEquals(62, report.get("duplicatesDropped").asInt(), "60 denials and 2 console sign-ins seen again");
        Map<String, String> errors = new HashMap<>();
        report.get("errors").forEach(e -> errors.put(e.get("source").asText(), e.get("reason").asText()));
        assertEquals(4, errors.size(), errors.toString());
        assertTrue(reason(errors, "corrupt.json.gz").startsWith("corrupt_gzip"), errors.toString());
        assertTrue(reason(errors, "broken.json").startsWith("invalid_json"), errors.toString());
        assertTrue(reason(errors, "not-array.json").startsWith("records_not_array"), errors.toString());
        assertEquals("record_not_an_object", reason(errors, "mixed.json#0"));
    }

    @Test
    void aScanReadsDeliveryFilesOnlyAndSaysWhyNewlineDelimitedEventsAreRefused(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("events.json"), event(1, e -> { }) + "\n" + event(2, e -> { }) + "\n");

        JsonNode report = scanJson(dir);

        assertEquals(0, report.get("denials").asInt());
        Map<String, String> errors = new HashMap<>();
        report.get("errors").forEach(e -> errors.put(e.get("source").asText(), e.get("reason").asText()));
        String reason = reason(errors, "events.json");
        assertTrue(reason.startsWith("no_records"), reason);
        assertTrue(reason.contains("newline-delimited events"), reason);
        assertTrue(reason.contains("not a CloudTrail delivery file"), reason);
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
