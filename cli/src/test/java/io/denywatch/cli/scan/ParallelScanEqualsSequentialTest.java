package io.denywatch.cli.scan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.denywatch.common.cloudtrail.CloudTrailReader;
import io.denywatch.common.config.Config;
import io.denywatch.common.json.Json;
import io.denywatch.embedded.SampleLogFiles;
import io.denywatch.ingest.pipeline.IngestPipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The parallel scan leaves most events out of the topology and feeds it only their times where they move its clock,
 * and keeps the topology's state in memory without a cache; its report must be the one a sequential feed of every
 * event, file by file in delivery order, gives with the state on disk behind its cache as the service keeps it. The folder holds
 * what makes that hard: the same events delivered twice in different files, a file delivered hours late and files out
 * of time order, failed console sign-ins (which carry no errorCode), a burst that opens an incident and grows it, and
 * gzip next to plain JSON.
 */
class ParallelScanEqualsSequentialTest {

    private static final String ROLE = "arn:aws:iam::123837392027:role/stratus-red-team-ec2-get-password-data-role";

    @Test
    void theParallelReportIsTheSequentialOne(@TempDir Path dir) throws Exception {
        List<String> names = SampleLogFiles.names();
        for (String name : names) {
            byte[] bytes = SampleLogFiles.bytes(name);
            // Half gzip, half plain, as a bucket copied by hand may hold.
            Files.write(dir.resolve(name.hashCode() % 2 == 0 ? name + ".gz" : name),
                    name.hashCode() % 2 == 0 ? gzip(bytes) : bytes);
        }
        // The same events again, delivered later under other names: duplicates across files.
        for (String name : names.subList(10, 14)) {
            Files.write(dir.resolve("zz-redelivered-" + name), SampleLogFiles.bytes(name));
        }
        // A copy of the first file's events as new events two hours older, delivered last: late and out of order.
        Files.write(dir.resolve("zzz-late.json"), shifted(SampleLogFiles.bytes(names.get(0)), Duration.ofHours(-2)));
        // Delivered between the sample's files: failed console sign-ins and a burst of denials for one role.
        Files.write(dir.resolve(between(names, 20, "a-signins.json")), signInFailures(Instant.parse(
                "2023-07-10T12:05:00Z"), 12));
        Files.write(dir.resolve(between(names, 30, "b-burst.json")), burst(Instant.parse("2023-07-10T12:15:00Z"),
                80));

        ScanReport parallel = scan(dir, false);
        ScanReport sequential = scan(dir, true);

        JsonNode expected = Json.mapper().valueToTree(sequential);
        JsonNode actual = Json.mapper().valueToTree(parallel);
        assertEquals(expected, actual);
        // And the folder exercised what it claims to.
        assertTrue(sequential.duplicatesDropped() > 0, "duplicates across files");
        assertTrue(sequential.authenticationFailures() >= 12, "failed console sign-ins");
        assertTrue(sequential.spikes().stream().anyMatch(s -> ROLE.equals(s.key().principal())
                && s.totalCount() >= 80), "the burst's incident, whole");
        assertTrue(sequential.events() > 2900, "every event counted");
    }

    private static ScanReport scan(Path dir, boolean everyEvent) throws Exception {
        Config config = Config.of(Map.of("analyzer.spike.learning-period", "0s",
                "kafka.bootstrap.servers", "in-process:0"));
        CloudTrailReader reader = IngestPipeline.reader(config, Scanner.SHAPES);
        return everyEvent ? TopologyScan.scan(config, reader, ScanSources.local(dir).iterator())
                : new Scanner(config, reader).withThreads(4).scan(ScanSources.local(dir), n -> { });
    }

    /** A name that sorts just after the {@code index}-th sample file, so the file is delivered there. */
    private static String between(List<String> names, int index, String suffix) {
        return names.stream().sorted().toList().get(index) + "-" + suffix;
    }

    private static byte[] shifted(byte[] file, Duration by) throws Exception {
        ObjectNode root = (ObjectNode) Json.mapper().readTree(file);
        for (JsonNode record : root.get("Records")) {
            ObjectNode r = (ObjectNode) record;
            r.put("eventID", UUID.nameUUIDFromBytes(("late-" + r.path("eventID").asText()).getBytes()).toString());
            r.put("eventTime", Instant.parse(r.path("eventTime").asText()).plus(by).toString());
        }
        return Json.mapper().writeValueAsBytes(root);
    }

    private static byte[] signInFailures(Instant at, int count) throws Exception {
        ObjectNode root = Json.mapper().createObjectNode();
        ArrayNode records = root.putArray("Records");
        for (int i = 0; i < count; i++) {
            ObjectNode r = records.addObject();
            r.put("eventVersion", "1.08");
            ObjectNode who = r.putObject("userIdentity");
            who.put("type", "IAMUser");
            who.put("accountId", "123837392027");
            who.put("userName", "bert-jan");
            who.put("arn", "arn:aws:iam::123837392027:user/bert-jan");
            r.put("eventTime", at.plusSeconds(i * 7L).toString());
            r.put("eventSource", "signin.amazonaws.com");
            r.put("eventName", "ConsoleLogin");
            r.put("awsRegion", "us-east-1");
            r.put("sourceIPAddress", "198.51.100.7");
            r.put("errorMessage", "Failed authentication");
            r.putObject("responseElements").put("ConsoleLogin", "Failure");
            r.putObject("additionalEventData").put("MFAUsed", "No");
            r.put("eventID", UUID.nameUUIDFromBytes(("signin-" + i).getBytes()).toString());
            r.put("eventType", "AwsConsoleSignIn");
            r.put("recipientAccountId", "123837392027");
        }
        return Json.mapper().writeValueAsBytes(root);
    }

    /** A real denial of the sample, repeated with new ids within a minute: enough to open an incident. */
    private static byte[] burst(Instant at, int count) throws Exception {
        JsonNode template = null;
        for (String name : SampleLogFiles.names()) {
            for (JsonNode r : Json.mapper().readTree(SampleLogFiles.bytes(name)).get("Records")) {
                if ("GetPasswordData".equals(r.path("eventName").asText()) && r.has("errorCode")) {
                    template = r;
                    break;
                }
            }
            if (template != null) {
                break;
            }
        }
        ObjectNode root = Json.mapper().createObjectNode();
        ArrayNode records = root.putArray("Records");
        for (int i = 0; i < count; i++) {
            ObjectNode r = template.deepCopy();
            r.put("eventID", UUID.nameUUIDFromBytes(("burst-" + i).getBytes()).toString());
            r.put("eventTime", at.plusMillis(i * 700L).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
            records.add(r);
        }
        return Json.mapper().writeValueAsBytes(root);
    }

    private static byte[] gzip(byte[] bytes) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }
}
