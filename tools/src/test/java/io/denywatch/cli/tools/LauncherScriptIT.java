package io.denywatch.cli.tools;

import io.denywatch.cli.bench.ScanBench;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The repository's {@code ./denywatch} launcher, run by bash in a copy of a checkout: it builds the tools jar when the
 * jar is missing or older than a source or a pom, and not otherwise, then runs it with the arguments given. The copy's
 * {@code mvnw} stands in for the wrapper (a real build takes minutes): it notes each call and "builds" by copying the
 * tools jar this module just packaged.
 */
class LauncherScriptIT {

    private static final Path BUILT_JAR = Path.of("target", "denywatch-tools.jar").toAbsolutePath();

    @Test
    void buildsOnFirstUseAndWhenASourceChangesAndOtherwiseJustRuns(@TempDir Path clone) throws Exception {
        assertTrue(Files.isRegularFile(BUILT_JAR), BUILT_JAR + " is missing: package this module first");
        Path source = clone.resolve("analyzer/src/main/java/Example.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "class Example {}\n");
        Files.writeString(clone.resolve("pom.xml"), "<project/>\n");
        Instant checkedOut = Instant.now().minus(1, ChronoUnit.HOURS);
        setModified(source, checkedOut);
        setModified(clone.resolve("pom.xml"), checkedOut);
        Files.copy(Path.of("..", "denywatch"), clone.resolve("denywatch"));
        Path builds = clone.resolve("builds.log");
        executable(clone.resolve("mvnw"), "#!/usr/bin/env bash\n"
                + "echo \"$*\" >> builds.log\n"
                + "mkdir -p tools/target && cp '" + BUILT_JAR + "' tools/target/denywatch-tools.jar\n");

        Run first = launch(clone, "explain", "--help");
        assertEquals(0, first.code(), first.output());
        assertTrue(first.output().contains("Usage: denywatch explain"), first.output());
        assertEquals(List.of("-B -q package -Dquick -DskipTests -pl tools -am"), Files.readAllLines(builds));

        Run second = launch(clone, "demo", "--help");
        assertEquals(0, second.code(), second.output());
        assertTrue(second.output().contains("Usage: denywatch demo"), second.output());
        assertEquals(1, Files.readAllLines(builds).size(), "a fresh jar is not built again");

        setModified(source, Instant.now().plus(1, ChronoUnit.MINUTES));
        Run afterEdit = launch(clone, "--version");
        assertEquals(0, afterEdit.code(), afterEdit.output());
        assertEquals(2, Files.readAllLines(builds).size(), "a source newer than the jar builds it again");
    }

    @Test
    void aFailedBuildStopsTheLauncherWithTheBuildsExitCode(@TempDir Path clone) throws Exception {
        Files.copy(Path.of("..", "denywatch"), clone.resolve("denywatch"));
        executable(clone.resolve("mvnw"), "#!/usr/bin/env bash\necho 'COMPILATION ERROR' >&2\nexit 7\n");
        Run run = launch(clone, "demo");
        assertEquals(7, run.code(), run.output());
        assertTrue(run.output().contains("COMPILATION ERROR"), run.output());
        assertFalse(Files.exists(clone.resolve("tools/target/denywatch-tools.jar")));
    }

    /**
     * A scan and an explain run with the JVM options that the scan benchmark times (the C1 compiler alone, the serial
     * collector); a scan of more than 512 MiB of local files, and the other commands, with the JVM's defaults;
     * DENYWATCH_JAVA_OPTS replaces them.
     */
    @Test
    void givesTheBatchCommandsTheBenchmarkedJvmOptions(@TempDir Path clone) throws Exception {
        Files.copy(Path.of("..", "denywatch"), clone.resolve("denywatch"));
        Files.createDirectories(clone.resolve("tools/target"));
        Files.copy(BUILT_JAR, clone.resolve("tools/target/denywatch-tools.jar"));
        // A java that says how it was called.
        Path javaHome = clone.resolve("jdk");
        Files.createDirectories(javaHome.resolve("bin"));
        executable(javaHome.resolve("bin/java"), "#!/usr/bin/env bash\necho \"java $*\"\n");
        String batch = String.join(" ", ScanBench.SCAN_JVM_OPTIONS);

        assertEquals("java " + batch + " -jar " + clone.resolve("tools/target/denywatch-tools.jar") + " scan logs",
                launch(clone, javaHome, Map.of(), "scan", "logs").output().strip());
        assertTrue(launch(clone, javaHome, Map.of(), "explain", "-").output().startsWith("java " + batch + " -jar"));
        assertTrue(launch(clone, javaHome, Map.of(), "demo").output().startsWith("java -jar"));
        Path large = clone.resolve("large");
        Files.createDirectories(large);
        try (RandomAccessFile sparse = new RandomAccessFile(large.resolve("day.json.gz").toFile(), "rw")) {
            sparse.setLength(600L * 1024 * 1024);
        }
        assertTrue(launch(clone, javaHome, Map.of(), "scan", "--threads", "2", "large").output()
                .startsWith("java -jar"), "a large scan repays C2's compile time");
        assertTrue(launch(clone, javaHome, Map.of("DENYWATCH_JAVA_OPTS", "-Xmx2g"), "scan", "logs").output()
                .startsWith("java -Xmx2g -jar"));
        assertTrue(launch(clone, javaHome, Map.of("DENYWATCH_JAVA_OPTS", ""), "scan", "logs").output()
                .startsWith("java -jar"));
    }

    private record Run(int code, String output) {
    }

    private static Run launch(Path clone, String... args) throws Exception {
        return launch(clone, Path.of(System.getProperty("java.home")), Map.of(), args);
    }

    private static Run launch(Path clone, Path javaHome, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", clone.resolve("denywatch").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(clone.toFile()).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", javaHome.toString());
        builder.environment().remove("DENYWATCH_JAVA_OPTS");
        builder.environment().putAll(env);
        Process p = builder.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), output);
        return new Run(p.exitValue(), output);
    }

    private static void executable(Path file, String script) throws IOException {
        Files.writeString(file, script);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static void setModified(Path file, Instant when) throws IOException {
        Files.setLastModifiedTime(file, FileTime.from(when));
    }
}
