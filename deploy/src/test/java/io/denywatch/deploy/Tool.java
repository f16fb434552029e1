package io.denywatch.deploy;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An external command line tool the deploy checks run (docker-compose, promtool, kubectl). A missing tool fails the
 * test with the way to install it: these checks are never skipped quietly.
 */
final class Tool {

    private static final long TIMEOUT_SECONDS = 60;

    private final String name;
    private final Path binary;

    private Tool(String name, Path binary) {
        this.name = name;
        this.binary = binary;
    }

    /** The tool found on the PATH; fails the test when it is not there. */
    static Tool require(String name, String installHint) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return new Tool(name, candidate);
            }
        }
        return fail(name + " is not installed (not found on the PATH), and the deploy kit cannot be checked without it. "
                + "Install the test tools with deploy/ci/install-test-tools.sh, or: " + installHint);
    }

    /** Where the tool is, to start it as a long-running process. */
    Path binary() {
        return binary;
    }

    /** Runs the tool in {@code workDir}; stdout and stderr are kept apart. */
    Result run(Path workDir, String... args) {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("denywatch-" + name, ".out");
            Path err = Files.createTempFile("denywatch-" + name, ".err");
            try {
                Process process = new ProcessBuilder(command).directory(workDir.toFile())
                        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    return fail(String.join(" ", command) + " did not finish in " + TIMEOUT_SECONDS + " s");
                }
                return new Result(String.join(" ", command), process.exitValue(),
                        Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What one run printed and how it ended. */
    record Result(String command, int exitCode, String stdout, String stderr) {

        /** Fails the test with everything the tool printed unless it exited 0. */
        Result assertSuccess() {
            if (exitCode != 0) {
                fail(command + " exited with " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr);
            }
            return this;
        }
    }
}
