package io.denywatch.cli.scan;

import io.denywatch.alerts.deliver.AlertDeadLetter;
import io.denywatch.alerts.service.DirectAlerts;
import io.denywatch.alerts.config.AlertSettings;
import io.denywatch.cli.command.ConfigOptions;
import io.denywatch.cli.command.SettingsCatalog;
import io.denywatch.cli.command.TimeArguments;
import io.denywatch.common.config.Config;
import io.denywatch.common.json.Json;
import io.denywatch.contract.denial.Resolution;
import io.denywatch.contract.incident.SpikeRecord;
import io.denywatch.ingest.aws.AwsClients;
import io.denywatch.ingest.pipeline.IngestPipeline;
import io.denywatch.resolve.PolicyLookups;
import io.denywatch.resolve.ResolveSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * {@code denywatch scan}: an investigation over saved CloudTrail logs, through the analyzer's own steps
 * ({@link Scanner}), so that its report says what the service would have said.
 */
@Command(name = "scan", mixinStandardHelpOptions = true,
        description = {"Scan CloudTrail log files in a folder or under s3://bucket/prefix through the analyzer:",
                "denials by policy layer and error code, the incidents found, the top principals and actions.",
                "Every file is read whatever its name, gzip or not: delivery files, JSON arrays of events, NDJSON,",
                "single events, aws cloudtrail lookup-events output and EventBridge events from CloudTrail, mixed.",
                "Hidden files and CloudTrail's digest, Insights and Config files are left out.",
                "Files or records that cannot be read are listed and the scan goes on (exit code 0).",
                "When alert sinks are configured, they are sent the incidents found."})
public final class ScanCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SOURCE", description = "A folder or file of saved events, or s3://bucket[/prefix].")
    String source;

    @Option(names = "--json", description = "Print the report as one JSON object on the last line.")
    boolean json;

    @Option(names = "--html", paramLabel = "FILE",
            description = "Also write the report as one self-contained HTML page (chart, rankings, incidents).")
    Path html;

    @Option(names = "--resolve", description = {"Look up in AWS (read-only, with the credentials the AWS SDK finds)",
            "the policy statements behind each incident found; see docs/resolve.md."})
    boolean resolve;

    @Option(names = "--threads", paramLabel = "N", description = "Files read at once (default: one per core).")
    Integer threads;

    @Option(names = "--from", paramLabel = "TIME", description = "S3 only: first delivery time (ISO instant or date).")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "S3 only: end of the delivery-time range (default now).")
    String to;

    @Override
    public Integer call() throws Exception {
        // A scan looks at the past: no learning period (the first minutes of the logs matter), and no broker.
        Config config = options.load(Map.of("analyzer.spike.learning-period", "0s",
                "kafka.bootstrap.servers", "in-process:0"));
        config.rejectUnknown(SettingsCatalog.all());
        if (resolve) {
            // Before the scan: a bad lookup setting found after it would lose the report.
            config.validate(ResolveSettings.ALL);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean terminal = System.console() != null && !json;
        ScanReport report;
        List<SpikeRecord> heldForLookup = new ArrayList<>();
        // Configured sinks hear of the incidents found, as they would from the service.
        DirectAlerts alerts = DirectAlerts.fromConfig(config, new SimpleMeterRegistry(), out);
        int readers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        Scanner scanner = new Scanner(config, IngestPipeline.reader(config, Scanner.SHAPES)).withThreads(readers);
        if (alerts != null) {
            // With --resolve, the sinks hear of each incident after the scan, with the statements behind it.
            scanner.onIncidentMessage(resolve ? heldForLookup::add : alerts::accept);
        }
        if (source.startsWith("s3://")) {
            String rest = source.substring(5);
            int slash = rest.indexOf('/');
            String bucket = slash < 0 ? rest : rest.substring(0, slash);
            String prefix = slash < 0 ? "" : rest.substring(slash + 1);
            Instant start = from == null ? null : TimeArguments.parse(spec.commandLine(), "--from", from);
            Instant end = to == null ? Instant.now() : TimeArguments.parse(spec.commandLine(), "--to", to);
            try (S3Client s3 = AwsClients.s3(config, Math.max(4, readers))) {
                report = scanner.scan(ScanSources.s3(s3, bucket, prefix, start, end), n -> progress(err, terminal, n));
            }
        } else {
            Path path = Path.of(source);
            if (!Files.exists(path)) {
                err.println("No such file or directory: " + source);
                return 2;
            }
            report = scanner.scan(ScanSources.local(path), n -> progress(err, terminal, n));
        }
        if (terminal) {
            err.println();
        }
        if (resolve) {
            Map<String, Resolution> answers = lookUp(config, report, err);
            report = report.withSpikes(spike -> spike.withResolution(answers.get(spike.incidentId())));
            for (SpikeRecord message : heldForLookup) {
                Resolution answer = answers.get(message.incidentId());
                alerts.accept(answer == null ? message : message.withResolution(answer));
            }
        }
        if (alerts != null) {
            for (AlertDeadLetter failed : alerts.deadLetters()) {
                err.println("alert not delivered to " + failed.sink() + " for incident "
                        + failed.incident().incidentId() + ": " + failed.reason() + ": " + failed.detail());
            }
        }
        if (html != null) {
            Files.writeString(html, ScanHtml.render(report, source, AlertSettings.links(config), Instant.now()),
                    StandardCharsets.UTF_8);
            err.println("HTML report written to " + html.toAbsolutePath());
        }
        if (json) {
            out.println(Json.mapper().writeValueAsString(report));
        } else {
            out.print(ScanText.render(report));
        }
        out.flush();
        return 0;
    }

    /**
     * The statements behind each incident found, looked up once per incident key after the scan: the scan itself
     * never waits on AWS.
     */
    private static Map<String, Resolution> lookUp(Config config, ScanReport report, PrintWriter err) {
        try (PolicyLookups lookups = PolicyLookups.start(config, new SimpleMeterRegistry())) {
            Map<String, CompletableFuture<Resolution>> asked = new HashMap<>();
            for (SpikeRecord spike : report.spikes()) {
                asked.put(spike.incidentId(), lookups.service().resolve(spike));
            }
            Map<String, Resolution> answers = new HashMap<>();
            asked.forEach((id, answer) -> answers.put(id, answer.join()));
            err.println("looked up the statements behind " + answers.size() + " incidents");
            return answers;
        }
    }

    private static void progress(PrintWriter err, boolean terminal, long files) {
        if (terminal) {
            err.print("\rscanned " + files + " files");
            err.flush();
        }
    }
}
