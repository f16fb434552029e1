package io.denywatch.cli;

import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;

import java.util.Set;

/**
 * Answers a command of the tools jar ({@code demo}, {@code bench}) given to the runtime jar by saying where it is,
 * instead of a bare "unmatched argument": they were in this jar before it was slimmed down.
 */
final class ToolsCommandHint implements IParameterExceptionHandler {

    static final Set<String> TOOLS_COMMANDS = Set.of("demo", "bench");

    private final IParameterExceptionHandler otherwise;

    ToolsCommandHint(IParameterExceptionHandler otherwise) {
        this.otherwise = otherwise;
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) throws Exception {
        // The whole command line, not the exception's unmatched words: in "bench ingest --json" the runtime's own
        // ingest command is matched and it is "--json" that fails.
        if (args.length > 0 && TOOLS_COMMANDS.contains(args[0])) {
            CommandLine root = e.getCommandLine();
            while (root.getParent() != null) {
                root = root.getParent();
            }
            root.getErr().println("'" + args[0] + "' is not in this jar, which holds the roles and the tools that run"
                    + " against them; it is in the tools jar (tools/target/denywatch-tools.jar). From a clone of the"
                    + " repository: ./denywatch " + args[0] + " (builds it on first use).");
            return root.getCommandSpec().exitCodeOnInvalidInput();
        }
        return otherwise.handleParseException(e, args);
    }
}
