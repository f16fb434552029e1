package io.denywatch.cli.bench;

import picocli.CommandLine.Command;

/** {@code denywatch bench}: measured runs of each stage on the embedded stack. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks on the embedded stack (broker, S3 and SQS in this process).",
        subcommands = {IngestBench.class, AnalyzeBench.class, LatencyBench.class, SoakBench.class, ScanBench.class})
public final class BenchCommand {
}
