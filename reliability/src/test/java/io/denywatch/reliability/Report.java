package io.denywatch.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * Appends each fault test's figures to {@code target/reliability-figures.md}, the source of the table in
 * docs/reliability.md.
 */
final class Report {

    private Report() {
    }

    static synchronized void record(String fault, Corpus corpus, Map<String, Integer> out, double duplicatesDropped) {
        String line = String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %.0f |%n", fault, corpus.files.size(),
                corpus.events, corpus.denials.size(), out.values().stream().mapToInt(Integer::intValue).sum(),
                duplicatesDropped);
        append(line);
    }

    static synchronized void note(String fault, String figures) {
        append("| " + fault + " | " + figures + " |" + System.lineSeparator());
    }

    private static void append(String line) {
        try {
            Path file = Path.of("target", "reliability-figures.md");
            if (!Files.exists(file)) {
                Files.writeString(file, "<!-- " + Instant.now() + " -->" + System.lineSeparator()
                        + "| fault | files | events in | denials in | denials out | duplicates dropped |"
                        + System.lineSeparator() + "|---|---|---|---|---|---|" + System.lineSeparator());
            }
            Files.writeString(file, line, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
