package io.denywatch.cli.tools;

import io.denywatch.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tools jar's command: the demo, scan and the benchmarks, and every command of the runtime jar as well. */
class ToolsCommandLineTest {

    @ParameterizedTest
    @ValueSource(strings = {"demo", "scan", "bench", "bench ingest", "bench analyze", "bench latency", "bench soak"})
    void everyToolHasHelpAndLoggingStartsCleanly(String command) {
        CliRun run = CliRun.of((command + " --help").split(" "));
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("Usage: denywatch " + command), run.out());
        assertFalse(run.err().contains("ERROR"), "logging must configure without errors: " + run.err());
    }

    @Test
    void theToolsJarAlsoHoldsEveryRuntimeCommand() {
        CliRun run = CliRun.of("--help");
        assertEquals(0, run.code(), run.err());
        for (String command : List.of("run", "ingest", "analyze", "alerts", "explain", "top", "digest", "replay", "demo",
                "scan", "bench", "help")) {
            assertTrue(run.out().matches("(?s).*\\n  " + command + " .*"), command + " missing from:\n" + run.out());
        }
    }

    @Test
    void aTypoInTheConfigurationFileStopsAToolNamingTheSetting(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("denywatch.properties"), "analyzer.spike.factorr=3\n");
        CliRun run = CliRun.of("scan", "--config", file.toString(), dir.toString());
        assertEquals(2, run.code(), run.err());
        assertTrue(run.err().contains("did you mean 'analyzer.spike.factor'"), run.err());
    }
}
