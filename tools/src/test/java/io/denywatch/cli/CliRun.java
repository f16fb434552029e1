package io.denywatch.cli;

import io.denywatch.cli.tools.DenywatchTools;
import io.denywatch.embedded.CapturedRun;

/**
 * One run of the tools jar's {@code denywatch} command line in this JVM, with what it printed.
 *
 * @param code its exit code
 * @param out  what it wrote to standard output
 * @param err  what it wrote to standard error
 */
public record CliRun(int code, String out, String err) {

    /** Runs the command line with standard output and error captured. */
    public static CliRun of(String... args) {
        CapturedRun run = CapturedRun.of(DenywatchTools::run, args);
        return new CliRun(run.code(), run.out(), run.err());
    }
}
