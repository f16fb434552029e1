package io.denywatch.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Prometheus names of denywatch's own meters, worked out from the Micrometer builders in the main sources:
 * {@code denywatch.ingest.files.ok} (a counter) is exported as {@code denywatch_ingest_files_ok_total}, a timer gets
 * {@code _seconds} and its histogram series, a base unit goes before {@code _total}.
 */
final class MetricNames {

    private static final Pattern BUILDER = Pattern.compile(
            "\\b(Counter|Timer|Gauge|MultiGauge|DistributionSummary)\\.builder\\(\\s*\"(denywatch\\.[a-z0-9.]+)\"");
    private static final Pattern BASE_UNIT = Pattern.compile("\\.baseUnit\\(\\s*(?:\"([a-z]+)\"|BaseUnits\\.([A-Z_]+))");
    private static final Pattern USED = Pattern.compile("\\bdenywatch_[a-z0-9_]+");

    private MetricNames() {
    }

    /** Every series name the code exports. */
    static Set<String> exported() {
        Set<String> names = new TreeSet<>();
        for (Path source : mainSources()) {
            String text = read(source);
            Matcher m = BUILDER.matcher(text);
            while (m.find()) {
                int end = text.indexOf(".register(", m.end());
                String chain = end < 0 ? "" : text.substring(m.end(), end);
                names.addAll(seriesOf(m.group(1), m.group(2).replace('.', '_'), unit(chain)));
            }
        }
        return names;
    }

    /** The {@code denywatch_*} names a text (a PromQL expression, a dashboard) uses. */
    static Set<String> usedIn(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = USED.matcher(text);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    private static List<String> seriesOf(String type, String base, String unit) {
        String withUnit = unit == null ? base : base + "_" + unit;
        return switch (type) {
            case "Counter" -> List.of(withUnit + "_total");
            case "Timer" -> histogram(base + "_seconds");
            case "DistributionSummary" -> histogram(withUnit);
            default -> List.of(withUnit);
        };
    }

    private static List<String> histogram(String name) {
        return List.of(name + "_bucket", name + "_count", name + "_sum", name + "_max");
    }

    private static String unit(String chain) {
        Matcher m = BASE_UNIT.matcher(chain);
        if (!m.find()) {
            return null;
        }
        return m.group(1) != null ? m.group(1) : m.group(2).toLowerCase(java.util.Locale.ROOT);
    }

    private static List<Path> mainSources() {
        try (Stream<Path> files = Files.walk(Repo.root(), 16)) {
            return files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> Repo.root().relativize(p).toString().replace('\\', '/').matches("[^/]+/src/main/java/.*"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
