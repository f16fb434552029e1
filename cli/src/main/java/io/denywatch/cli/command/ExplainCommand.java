package io.denywatch.cli.command;

import io.denywatch.analyzer.classify.DenialClassifier;
import io.denywatch.analyzer.classify.EventReader;
import io.denywatch.analyzer.classify.ExplainFormatter;
import io.denywatch.analyzer.classify.UnreadableInputException;
import io.denywatch.cli.lookup.HistoryExplainer;
import io.denywatch.contract.denial.DenialJson;
import io.denywatch.contract.denial.EnrichedDenial;
import io.denywatch.common.config.Config;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code denywatch explain}: the classifier offline, on a file or standard input. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Explain every denial in CloudTrail input: a delivery file (.json or .json.gz), NDJSON,",
                "one event, or a JSON array. Reads standard input when FILE is - or absent.",
                "With --lookup, reads CloudTrail's event history instead (management events only)."})
public final class ExplainCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "One enriched denial (JSON, schema enriched-denial.v1) per line.")
    boolean json;

    @Mixin
    LookupOptions lookup;

    @Parameters(paramLabel = "FILE", arity = "0..1", description = "Input file, or - for standard input.")
    String file;

    @Override
    public Integer call() throws IOException {
        Config config = options.load();
        config.rejectUnknown(SettingsCatalog.all());
        DenialClassifier classifier = DenialClassifier.from(config);
        ExplainFormatter formatter = new ExplainFormatter();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (lookup.enabled) {
            if (file != null) {
                throw new ParameterException(spec.commandLine(), "--lookup reads CloudTrail, not FILE: give one");
            }
            return new HistoryExplainer(classifier, denial -> print(denial, formatter, out), err)
                    .explain(lookup.query(spec.commandLine(), Instant.now()), lookup.region);
        }
        if (lookup.anyGiven()) {
            throw new ParameterException(spec.commandLine(), "--since, --start, --end, --event-name, --username,"
                    + " --event-source, --principal and --region go with --lookup");
        }
        if (file != null && !file.equals("-") && !Files.isRegularFile(Path.of(file))) {
            err.println("No such file: " + file);
            return 2;
        }
        long events = 0;
        long denials = 0;
        try (EventReader reader = file == null || file.equals("-") ? EventReader.open(System.in)
                : EventReader.open(Path.of(file))) {
            while (reader.hasNext()) {
                events++;
                Optional<EnrichedDenial> denial = classifier.classify(reader.next(), null);
                if (denial.isPresent()) {
                    denials++;
                    print(denial.get(), formatter, out);
                }
            }
        } catch (UnreadableInputException e) {
            err.println("Cannot read " + (file == null ? "standard input" : file) + ": " + e.getMessage());
            return 2;
        }
        err.printf("%d events, %d denials, %d not denials%n", events, denials, events - denials);
        err.flush();
        return 0;
    }

    private void print(EnrichedDenial denial, ExplainFormatter formatter, PrintWriter out) {
        if (json) {
            out.println(new String(DenialJson.toBytes(denial), StandardCharsets.UTF_8));
        } else {
            out.print(formatter.format(denial));
            out.println();
        }
        out.flush();
    }
}
