package io.denywatch.cli;

import io.denywatch.cli.tools.DenywatchTools;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

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
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = DenywatchTools.run(args);
            return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
