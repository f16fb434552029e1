package io.denywatch.cli.command;

import io.denywatch.common.config.Config;
import io.denywatch.common.metrics.Metrics;
import io.denywatch.ingest.aws.AwsClients;
import io.denywatch.ingest.pipeline.FileOutcome;
import io.denywatch.ingest.pipeline.IngestPipeline;
import io.denywatch.ingest.replay.ReplaySummary;
import io.denywatch.ingest.replay.Replayer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code denywatch replay}: the ingest path without SQS, from S3 by date or from local files. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Read CloudTrail log files into the raw Kafka topic without SQS:",
                "from s3://bucket/prefix over a delivery-time range, or from a local directory of .json/.json.gz."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every file was ingested, skipped or dead-lettered",
                "1:some files could not be read now (storage or Kafka unavailable); run again to retry them",
                "2:bad arguments or configuration"})
public final class ReplayCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SOURCE", description = "s3://bucket[/prefix] or a local file or directory.")
    String source;

    @Option(names = "--from", paramLabel = "TIME",
            description = "S3 only: first delivery time, ISO-8601 instant or date (default: 24 hours ago).")
    String from;

    @Option(names = "--to", paramLabel = "TIME",
            description = "S3 only: end of the range, exclusive (default: now).")
    String to;

    @Override
    public Integer call() throws InterruptedException {
        Config config = options.load();
        config.rejectUnknown(SettingsCatalog.all());
        PrintWriter out = spec.commandLine().getOut();
        Progress progress = new Progress(out, System.console() != null);
        List<Path> localFiles = null;
        if (!source.startsWith("s3://")) {
            Path path = Path.of(source);
            if (!Files.exists(path)) {
                spec.commandLine().getErr().println("No such file or directory: " + source);
                return 2;
            }
            localFiles = Replayer.localFiles(path);
            progress.total = localFiles.size();
        }
        ReplaySummary summary;
        try (IngestPipeline pipeline = IngestPipeline.create(config, Metrics.newRegistry())) {
            Replayer replayer = new Replayer(pipeline.files());
            summary = localFiles == null
                    ? replayS3(config, pipeline, replayer, progress)
                    : replayer.replayLocal(localFiles, progress::update);
        }
        progress.finish(summary);
        return summary.failed().isEmpty() ? 0 : 1;
    }

    private ReplaySummary replayS3(Config config, IngestPipeline pipeline, Replayer replayer, Progress progress)
            throws InterruptedException {
        String rest = source.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        Instant end = to == null ? Instant.now() : TimeArguments.parse(spec.commandLine(), "--to", to);
        Instant start = from == null ? end.minus(Duration.ofDays(1)) : TimeArguments.parse(spec.commandLine(), "--from", from);
        try (S3Client s3 = AwsClients.s3(config, 8)) {
            return replayer.replayS3(s3, pipeline.s3(s3), bucket, prefix, start, end, progress::update);
        }
    }

    /** A one-line progress bar on a terminal; nothing until the summary otherwise. */
    private static final class Progress {
        private final PrintWriter out;
        private final boolean terminal;
        private final long started = System.nanoTime();
        int total = -1;

        Progress(PrintWriter out, boolean terminal) {
            this.out = out;
            this.terminal = terminal;
        }

        void update(ReplaySummary s) {
            if (!terminal) {
                return;
            }
            String bar = "";
            if (total > 0) {
                int width = 30;
                int filled = (int) ((long) s.files() * width / total);
                bar = "[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + s.files() + "/" + total + " ";
            } else {
                bar = s.files() + " files ";
            }
            out.print("\r" + bar + s.events() + " events");
            out.flush();
        }

        void finish(ReplaySummary s) {
            if (terminal) {
                out.println();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            out.printf("Replayed %d files in %.1fs: %d ingested (%d events), %d skipped, %d dead-lettered, %d failed%n",
                    s.files(), seconds, s.ingested(), s.events(), s.skipped(), s.deadLettered(), s.failed().size());
            if (s.rejected() > 0) {
                out.printf("%d records were rejected one by one (see the dead-letter topic)%n", s.rejected());
            }
            for (FileOutcome.Retry r : s.failed()) {
                out.printf("  failed: %s (%s) %s%n", r.source(), r.reason(), r.detail());
            }
            out.flush();
        }
    }
}
