package io.denywatch.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandLineTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "ingest", "analyze", "alerts", "run", "explain", "top", "digest", "replay"})
    void everyCommandHasHelpAndLoggingStartsCleanly(String command) {
        CliRun run = CliRun.of((command + " --help").trim().split(" "));
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("Usage: denywatch"), run.out());
        assertFalse(run.err().contains("ERROR"), "logging must configure without errors: " + run.err());
    }

    @Test
    void aBadSettingStopsTheStartNamingTheSetting() {
        CliRun run = CliRun.of("ingest", "--set", "ingest.workers=0", "--set", "kafka.bootstrap.servers=localhost:1",
                "--set", "ingest.queue-url=http://localhost:1/q");
        assertEquals(2, run.code());
        assertTrue(run.err().contains("ingest.workers: must be between 1 and 64, got '0' (from option ingest.workers)"),
                run.err());
    }

    @Test
    void aTypoInTheConfigurationFileIsCaught() throws Exception {
        Path file = Files.createTempFile("denywatch", ".properties");
        Files.writeString(file, "ingest.queue-ur=http://x\n");
        CliRun run = CliRun.of("ingest", "--config", file.toString());
        assertEquals(2, run.code());
        assertTrue(run.err().contains("did you mean 'ingest.queue-url'"), run.err());
    }

    @Test
    void replayOfAMissingFolderSaysSo() {
        CliRun run = CliRun.of("replay", "--set", "kafka.bootstrap.servers=localhost:1", "/no/such/folder");
        assertEquals(2, run.code());
        assertTrue(run.err().contains("No such file or directory: /no/such/folder"), run.err());
    }

    @Test
    void explainPrintsOneEnrichedDenialPerDenialOfARealFile() throws Exception {
        Path file = Files.createTempFile("trail", ".json");
        // The sample file delivered at 12:00 holds 27 EC2 denials among other calls and errors.
        String name = io.denywatch.embedded.SampleLogFiles.names().stream()
                .filter(n -> n.contains("20230710T1200Z_iLj9fb7yyUG9X4Bf")).findFirst().orElseThrow();
        byte[] content = io.denywatch.embedded.SampleLogFiles.bytes(name);
        Files.write(file, content);
        long expected = io.denywatch.common.json.Json.mapper().readTree(content).get("Records").findValuesAsText(
                "errorCode").stream().filter(c -> c.startsWith("AccessDenied") || c.endsWith("UnauthorizedOperation"))
                .count();
        assertEquals(27, expected, "the fixture must hold denials for this test to mean anything");
        CliRun json = CliRun.of("explain", "--json", file.toString());
        assertEquals(0, json.code(), json.err());
        String[] lines = json.out().strip().isEmpty() ? new String[0] : json.out().strip().split("\n");
        assertEquals(expected, lines.length, json.out());
        for (String line : lines) {
            assertEquals("AUTHORIZATION", io.denywatch.common.json.Json.mapper().readTree(line).get("category")
                    .asText());
        }
        assertTrue(json.err().contains("denials"), json.err());

        CliRun text = CliRun.of("explain", file.toString());
        assertEquals(0, text.code());
        assertTrue(text.out().contains("authorization denial"), text.out());
        assertTrue(text.out().contains("ec2:"), text.out());
    }

    @Test
    void explainReadsAnArrayOfEventsAndStopsAtAnElementThatIsNoEvent() throws Exception {
        String denial = "{\"eventID\":\"1\",\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"GetObject\","
                + "\"errorCode\":\"AccessDenied\",\"errorMessage\":\"Access Denied\",\"recipientAccountId\":"
                + "\"111122223333\",\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":"
                + "\"arn:aws:iam::111122223333:user/alice\",\"accountId\":\"111122223333\"}}";
        Path array = Files.createTempFile("events", ".json");
        Files.writeString(array, "[" + denial + "]");
        CliRun good = CliRun.of("explain", "--json", array.toString());
        assertEquals(0, good.code(), good.err());
        assertTrue(good.err().contains("1 events, 1 denials"), good.err());

        Files.writeString(array, "[" + denial + ", 42]");
        CliRun bad = CliRun.of("explain", "--json", array.toString());
        assertEquals(2, bad.code(), bad.err());
        assertTrue(bad.err().contains("Cannot read " + array + ": record_not_an_object: element 1"), bad.err());
    }

    @Test
    void explainReadsNdjsonFromStandardInput() {
        String ndjson = "{\"eventID\":\"1\",\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"GetObject\","
                + "\"errorCode\":\"AccessDenied\",\"errorMessage\":\"Access Denied\",\"recipientAccountId\":"
                + "\"111122223333\",\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":"
                + "\"arn:aws:iam::111122223333:user/alice\",\"accountId\":\"111122223333\"}}\n"
                + "{\"eventID\":\"2\",\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"GetObject\"}\n";
        java.io.InputStream oldIn = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream(ndjson.getBytes(StandardCharsets.UTF_8)));
            CliRun run = CliRun.of("explain", "--json", "-");
            assertEquals(0, run.code(), run.err());
            assertEquals(1, run.out().strip().split("\n").length, run.out());
            assertTrue(run.out().contains("arn:aws:iam::111122223333:user/alice"), run.out());
            assertTrue(run.err().contains("2 events, 1 denials"), run.err());
        } finally {
            System.setIn(oldIn);
        }
    }


}
