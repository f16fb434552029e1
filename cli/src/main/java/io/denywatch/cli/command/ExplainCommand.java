package io.denywatch.cli.command;

import io.denywatch.analyzer.classify.DenialClassifier;
import io.denywatch.analyzer.classify.ExplainFormatter;
import io.denywatch.cli.lookup.HistoryExplainer;
import io.denywatch.cli.resolve.ResolutionText;
import io.denywatch.cli.resolve.ResolvedDenialJson;
import io.denywatch.contract.denial.Resolution;
import io.denywatch.resolve.Calls;
import io.denywatch.resolve.PolicyLookups;
import io.denywatch.resolve.ResolveService;
import io.denywatch.resolve.ResolveSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.denywatch.contract.denial.DenialJson;
import io.denywatch.contract.denial.EnrichedDenial;
import io.denywatch.common.cloudtrail.CloudTrailReader;
import io.denywatch.common.cloudtrail.CloudTrailRecord;
import io.denywatch.common.cloudtrail.LogFileException;
import io.denywatch.common.cloudtrail.RecordSink;
import io.denywatch.common.cloudtrail.RejectedRecord;
import io.denywatch.common.cloudtrail.Shape;
import io.denywatch.common.cloudtrail.SplitSummary;
import io.denywatch.common.config.Config;
import io.denywatch.ingest.config.IngestSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code denywatch explain}: the classifier offline, on a file or standard input. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Explain every denial in CloudTrail input: delivery files, JSON arrays of events, NDJSON,",
                "one event, the output of aws cloudtrail lookup-events, or EventBridge events from CloudTrail;",
                "gzip or not, whatever the name. Reads standard input when FILE is - or absent.",
                "With --lookup, reads CloudTrail's event history instead (management events only)."})
public final class ExplainCommand implements Callable<Integer> {

    /** What explain reads: whatever a person is likely to have at hand, in every shape saved events come in. */
    static final Set<Shape> SHAPES = Collections.unmodifiableSet(EnumSet.allOf(Shape.class));

    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = {"One enriched denial (JSON, schema enriched-denial.v1) per line;",
            "with --resolve, schema resolved-denial.v1 (the same, with diagnosis.statements and .resolution)."})
    boolean json;

    @Option(names = "--resolve", description = {"Look up in AWS (read-only, with the credentials the AWS SDK finds)",
            "the policy statements behind each denial: reads the policies, decodes encoded messages, or simulates.",
            "Settings resolve.* apply; see docs/resolve.md."})
    boolean resolve;

    @Mixin
    LookupOptions lookup;

    @Parameters(paramLabel = "FILE", arity = "0..1", description = "Input file, or - for standard input.")
    String file;

    @Override
    public Integer call() throws Exception {
        Config config = options.load();
        config.rejectUnknown(SettingsCatalog.all());
        config.validate(IngestSettings.FILE_READING);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (resolve) {
            config.validate(ResolveSettings.ALL);
        }
        try (PolicyLookups lookups = resolve ? PolicyLookups.start(config, new SimpleMeterRegistry()) : null) {
            return explain(config, out, err, lookups == null ? null : lookups.service());
        }
    }

    private Integer explain(Config config, PrintWriter out, PrintWriter err, ResolveService lookups)
            throws Exception {
        if (lookup.enabled) {
            if (file != null) {
                throw new ParameterException(spec.commandLine(), "--lookup reads CloudTrail, not FILE: give one");
            }
            Explainer explainer = new Explainer(DenialClassifier.from(config), out, lookups);
            return new HistoryExplainer(DenialClassifier.from(config), explainer::print, err)
                    .explain(lookup.query(spec.commandLine(), Instant.now()), lookup.region);
        }
        if (lookup.anyGiven()) {
            throw new ParameterException(spec.commandLine(), "--since, --start, --end, --event-name, --username,"
                    + " --event-source, --principal and --region go with --lookup");
        }
        boolean stdin = file == null || file.equals("-");
        if (!stdin && !Files.isRegularFile(Path.of(file))) {
            err.println("No such file: " + file);
            return 2;
        }
        // Events are bounded as the ingestor bounds them; the input is not, since it streams in constant memory.
        CloudTrailReader reader = CloudTrailReader.accepting(SHAPES,
                (int) (long) config.get(IngestSettings.MAX_RECORD_SIZE), Long.MAX_VALUE);
        Explainer explainer = new Explainer(DenialClassifier.from(config), out, lookups);
        SplitSummary summary;
        InputStream in = stdin ? System.in : Files.newInputStream(Path.of(file));
        try {
            summary = reader.read(in, explainer);
        } catch (IOException e) {
            err.println("Cannot read " + (file == null ? "standard input" : file) + ": " + e.getMessage());
            return 2;
        } finally {
            if (!stdin) {
                in.close();
            }
        }
        long events = summary.records();
        err.printf("%d events, %d denials, %d not denials%n", events, explainer.denials, events - explainer.denials);
        err.flush();
        return 0;
    }

    /** Classifies each event as it streams past and prints its denial, if it is one. */
    private final class Explainer implements RecordSink {

        private final DenialClassifier classifier;
        private final ExplainFormatter formatter = new ExplainFormatter();
        private final PrintWriter out;
        private final ResolveService lookups;
        long denials;

        Explainer(DenialClassifier classifier, PrintWriter out, ResolveService lookups) {
            this.classifier = classifier;
            this.out = out;
            this.lookups = lookups;
        }

        @Override
        public void accept(CloudTrailRecord record) {
            Optional<EnrichedDenial> denial = classifier.classify(record.bytes(), null);
            if (denial.isEmpty()) {
                return;
            }
            denials++;
            print(denial.get(), record.bytes());
        }

        /** Prints a denial, looked up first with {@code --resolve}; {@code record} adds the context it shows. */
        void print(EnrichedDenial denial, byte[] record) {
            // One denial at a time: a person reading explain's output wants each answer as it comes.
            Resolution resolution = lookups == null ? null : lookUp(denial, record);
            if (json) {
                out.println(resolution == null ? new String(DenialJson.toBytes(denial), StandardCharsets.UTF_8)
                        : ResolvedDenialJson.toJson(denial, resolution));
            } else {
                out.print(formatter.format(denial));
                if (resolution != null) {
                    out.print(ResolutionText.format(resolution, "  "));
                }
                out.println();
            }
            out.flush();
        }

        private Resolution lookUp(EnrichedDenial denial, byte[] record) {
            if (denial.action() == null) {
                return new Resolution(Resolution.Outcome.NOT_RESOLVABLE, Resolution.Method.NONE,
                        "Nothing to look up: the record names no action.", List.of(), List.of());
            }
            return lookups.resolve(Calls.of(denial, record)).join();
        }

        @Override
        public void reject(RejectedRecord rejected) throws LogFileException {
            // The counts at the end would hide an element explain could not read: stop and say which one.
            throw new LogFileException(rejected.problem(), "element " + rejected.index() + " ("
                    + rejected.size() + " bytes) is not an event explain can read: " + rejected.excerpt());
        }
    }
}
