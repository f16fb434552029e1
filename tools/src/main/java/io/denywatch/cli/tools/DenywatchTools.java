package io.denywatch.cli.tools;

import io.denywatch.cli.Denywatch;
import io.denywatch.cli.bench.BenchCommand;
import io.denywatch.cli.demo.DemoCommand;

/**
 * The {@code denywatch} command of the tools jar: every command of the runtime jar, plus the demo and the benchmarks.
 * These bring the embedded broker, S3 and SQS, which stay out of the image; a clone runs them through the
 * {@code ./denywatch} launcher.
 */
public final class DenywatchTools {

    private DenywatchTools() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code. */
    public static int run(String... args) {
        return Denywatch.commandLine(DemoCommand.class, BenchCommand.class).execute(args);
    }
}
