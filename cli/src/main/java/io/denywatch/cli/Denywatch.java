package io.denywatch.cli;

import io.denywatch.cli.command.AlertsCommand;
import io.denywatch.cli.command.AnalyzeCommand;
import io.denywatch.cli.command.DigestCommand;
import io.denywatch.cli.command.ExplainCommand;
import io.denywatch.cli.command.IngestCommand;
import io.denywatch.cli.command.ReplayCommand;
import io.denywatch.cli.command.RunCommand;
import io.denywatch.cli.command.TopCommand;
import io.denywatch.cli.scan.ScanCommand;
import io.denywatch.common.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code denywatch} command of the runtime jar, the one the image ships: the roles, and the tools that work
 * against a running service, saved logs or a file. The demo and the benchmarks bring the embedded stack; they are in
 * the tools jar ({@code tools/}), whose command is this one plus them.
 */
@Command(name = "denywatch", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Streaming AWS CloudTrail analyzer: finds, explains and alerts on access denials.",
        subcommands = {RunCommand.class, IngestCommand.class, AnalyzeCommand.class, AlertsCommand.class,
                ExplainCommand.class, ScanCommand.class, TopCommand.class, DigestCommand.class, ReplayCommand.class})
public final class Denywatch {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code. */
    public static int run(String... args) {
        CommandLine cli = commandLine();
        cli.setParameterExceptionHandler(new ToolsCommandHint(cli.getParameterExceptionHandler()));
        return cli.execute(args);
    }

    /**
     * The command line of every runtime command, followed by {@code moreCommands} (classes or instances of picocli
     * commands) and {@code help}.
     */
    public static CommandLine commandLine(Object... moreCommands) {
        CommandLine cli = new CommandLine(new Denywatch());
        for (Object command : moreCommands) {
            cli.addSubcommand(command);
        }
        cli.addSubcommand(new CommandLine.HelpCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ConfigException) {
                commandLine.getErr().println(e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli;
    }
}
