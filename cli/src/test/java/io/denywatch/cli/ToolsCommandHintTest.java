package io.denywatch.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The runtime jar, asked for a command of the tools jar, says where that command is. */
class ToolsCommandHintTest {

    @ParameterizedTest
    @ValueSource(strings = {"demo", "demo --once", "bench ingest --json", "bench ingest --help"})
    void aToolsCommandOnTheRuntimeJarSaysWhereItIs(String command) {
        String name = command.split(" ")[0];
        CliRun run = CliRun.of(command.split(" "));
        assertEquals(2, run.code(), run.err());
        assertTrue(run.err().contains("'" + name + "' is not in this jar"), run.err());
        assertTrue(run.err().contains("./denywatch " + name), run.err());
        assertFalse(run.out().contains(name), run.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"nosuchcommand", "explian"})
    void anyOtherUnknownCommandGetsPicocliSAnswer(String command) {
        CliRun run = CliRun.of(command);
        assertEquals(2, run.code(), run.err());
        assertTrue(run.err().contains("Unmatched argument at index 0: '" + command + "'"), run.err());
        assertFalse(run.err().contains("tools jar"), run.err());
    }
}
