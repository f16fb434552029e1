package io.denywatch.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandLineTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "ingest", "analyze", "replay", "bench", "bench ingest"})
    void everyCommandHasHelpAndLoggingStartsCleanly(String command) {
        Run run = run((command + " --help").trim().split(" "));
        assertEquals(0, run.code, run.err);
        assertTrue(run.out.contains("Usage: denywatch"), run.out);
        assertFalse(run.err.contains("ERROR"), "logging must configure without errors: " + run.err);
    }

    @Test
    void aBadSettingStopsTheStartNamingTheSetting() {
        Run run = run("ingest", "--set", "ingest.workers=0", "--set", "kafka.bootstrap.servers=localhost:1",
                "--set", "ingest.queue-url=http://localhost:1/q");
        assertEquals(2, run.code);
        assertTrue(run.err.contains("ingest.workers: must be between 1 and 64, got '0' (from option ingest.workers)"),
                run.err);
    }

    @Test
    void aTypoInTheConfigurationFileIsCaught() throws Exception {
        Path file = Files.createTempFile("denywatch", ".properties");
        Files.writeString(file, "ingest.queue-ur=http://x\n");
        Run run = run("ingest", "--config", file.toString());
        assertEquals(2, run.code);
        assertTrue(run.err.contains("did you mean 'ingest.queue-url'"), run.err);
    }

    @Test
    void replayOfAMissingFolderSaysSo() {
        Run run = run("replay", "--set", "kafka.bootstrap.servers=localhost:1", "/no/such/folder");
        assertEquals(2, run.code);
        assertTrue(run.err.contains("No such file or directory: /no/such/folder"), run.err);
    }

    private static Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Denywatch.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private record Run(int code, String out, String err) {
    }
}
