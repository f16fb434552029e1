package io.denywatch.embedded;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.ToIntFunction;

/**
 * One run of a command line's main entry in this JVM, with what it printed: the shared fixture of the tests of the
 * {@code denywatch} command and of the tools jar's.
 *
 * @param code its exit code
 * @param out  what it wrote to standard output
 * @param err  what it wrote to standard error
 */
public record CapturedRun(int code, String out, String err) {

    /** Runs {@code main} on {@code args} with standard output and error captured, and restores them after. */
    public static CapturedRun of(ToIntFunction<String[]> main, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = main.applyAsInt(args);
            return new CapturedRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
