package io.denywatch.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Closing the embedded stack must leave nothing that keeps a JVM alive: a demo or benchmark that closes it has to
 * be able to simply return from {@code main}. Checked in a child JVM, because in this one the test framework and
 * the shared stack have threads of their own.
 */
class StackLifecycleIT {

    private static final long EXIT_TIMEOUT_SECONDS = 90;

    @Test
    void jvmExitsOnItsOwnAfterTheStackCloses(@TempDir Path tempDir) throws Exception {
        Path output = tempDir.resolve("child.log");
        Process child = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-cp", System.getProperty("java.class.path"),
                StackLifecycleMain.class.getName())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();

        boolean exited = child.waitFor(EXIT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!exited) {
            child.destroyForcibly().waitFor();
        }
        List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
        String log = String.join(System.lineSeparator(), lines);

        assertTrue(exited, "the child JVM did not exit within " + EXIT_TIMEOUT_SECONDS + " s:\n" + log);
        assertEquals(0, child.exitValue(), log);
        assertTrue(lines.contains(StackLifecycleMain.CLOSED_LINE), log);
        lines.stream().filter(line -> line.startsWith(StackLifecycleMain.STARTED_PREFIX))
                .forEach(System.out::println);
    }
}
