package io.denywatch.cli;

import io.denywatch.cli.bench.BenchCommand;
import io.denywatch.cli.command.AlertsCommand;
import io.denywatch.cli.command.RunCommand;
import io.denywatch.cli.demo.DemoCommand;
import io.denywatch.cli.command.AnalyzeCommand;
import io.denywatch.cli.command.ExplainCommand;
import io.denywatch.cli.command.IngestCommand;
import io.denywatch.cli.command.ReplayCommand;
import io.denywatch.cli.command.ScanCommand;
import io.denywatch.cli.command.TopCommand;
import io.denywatch.common.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code denywatch} command: every role and tool, one jar. */
@Command(name = "denywatch", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Streaming AWS CloudTrail analyzer: finds, explains and alerts on access denials.",
        subcommands = {DemoCommand.class, RunCommand.class, IngestCommand.class, AnalyzeCommand.class,
                AlertsCommand.class, ExplainCommand.class, ScanCommand.class,
                TopCommand.class, ReplayCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Denywatch {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code. */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Denywatch());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ConfigException) {
                commandLine.getErr().println(e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli.execute(args);
    }
}
