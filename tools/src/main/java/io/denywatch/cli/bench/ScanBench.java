package io.denywatch.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.denywatch.common.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code denywatch bench scan}: how long a cold {@code denywatch scan} takes over delivery files, against what an
 * incident responder would otherwise run on the same files in the same run — {@code zcat} alone (the floor: reading the
 * bytes) and the guides' {@code zcat | jq} filter for denials. Each tool runs as its own process, timed from start to
 * exit, in turns, so that a noisy machine weighs on all of them alike; medians are reported.
 */
@Command(name = "scan", mixinStandardHelpOptions = true,
        description = {"Time a cold 'java -jar ... scan' (with the launcher's JVM options) against zcat and the",
                "guides' zcat | jq on the same files.",
                "Without --data, generates 100 delivery files of 10,000 events (2%% denials) from the bundled",
                "real records, and keeps them under --data if given a folder that does not exist yet."})
public final class ScanBench implements java.util.concurrent.Callable<Integer> {

    /** The guides' filter: the CIS "unauthorized API calls" pattern, over every record. */
    static final String JQ_FILTER = ".Records[] | select(.errorCode != null and ((.errorCode | startswith(\"AccessDenied\"))"
            + " or (.errorCode | endswith(\"UnauthorizedOperation\"))))";

    /** The JVM options the launcher ({@code ./denywatch}) gives a scan; the timed scan runs as a user's would. */
    public static final List<String> SCAN_JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", description = "Delivery files to scan; generated here when absent.")
    Path data;

    @Option(names = "--files", defaultValue = "100", description = "Generated files (default: ${DEFAULT-VALUE}).")
    int files;

    @Option(names = "--events-per-file", defaultValue = "10000",
            description = "Events per generated file (default: ${DEFAULT-VALUE}).")
    int eventsPerFile;

    @Option(names = "--denial-rate", defaultValue = "0.02",
            description = "Share of generated events that are denials (default: ${DEFAULT-VALUE}).")
    double denialRate;

    @Option(names = "--runs", defaultValue = "3", description = "Runs of each tool (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--jar", paramLabel = "JAR", description = "The jar whose scan is timed (default: this one).")
    Path jar;

    @Option(names = "--json", description = "Print one JSON line with the figures.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Path scanJar = jar != null ? jar : runningJar();
        if (scanJar == null || !Files.isRegularFile(scanJar)) {
            err.println("Run this from the tools jar (./denywatch bench scan) or give --jar.");
            return 2;
        }
        Path root = data != null ? data : Files.createTempDirectory("denywatch-scan-bench");
        List<Path> corpus = files(root);
        long events;
        if (corpus.isEmpty()) {
            err.printf("Generating %d files x %d events (%.1f%% denials) under %s...%n", files, eventsPerFile,
                    denialRate * 100, root);
            err.flush();
            CorpusGenerator.Corpus generated = new CorpusGenerator().generate(new CorpusGenerator.Spec(files,
                    eventsPerFile, denialRate, 500, 10, 42), root);
            corpus = files(root);
            events = generated.events();
        } else {
            events = -1;
        }
        long bytes = 0;
        for (Path f : corpus) {
            bytes += Files.size(f);
        }
        boolean haveJq = onPath("jq");
        Map<String, List<Double>> seconds = new LinkedHashMap<>();
        seconds.put("zcat", new ArrayList<>());
        if (haveJq) {
            seconds.put("zcat | jq", new ArrayList<>());
        }
        seconds.put("denywatch scan", new ArrayList<>());
        JsonNode report = null;
        for (int run = 1; run <= runs; run++) {
            seconds.get("zcat").add(time(zcat(corpus), null));
            if (haveJq) {
                seconds.get("zcat | jq").add(time(zcatJq(corpus), null));
            }
            Path out = Files.createTempFile("denywatch-scan-bench", ".json");
            try {
                List<String> scan = new ArrayList<>(List.of(java()));
                scan.addAll(SCAN_JVM_OPTIONS);
                scan.addAll(List.of("-jar", scanJar.toString(), "scan", "--json", root.toString()));
                seconds.get("denywatch scan").add(time(scan, out));
                List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
                report = Json.mapper().readTree(lines.get(lines.size() - 1));
            } finally {
                Files.deleteIfExists(out);
            }
            err.printf("run %d: %s%n", run, last(seconds));
            err.flush();
        }
        long scanned = report.path("events").asLong();
        if (events >= 0 && scanned != events) {
            err.printf("The scan read %d events of %d: its figure is not comparable.%n", scanned, events);
            return 1;
        }
        print(corpus.size(), scanned, report.path("denials").asLong(), bytes, seconds, haveJq);
        return 0;
    }

    private void print(int fileCount, long events, long denials, long bytes, Map<String, List<Double>> seconds,
                       boolean haveJq) throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        double scan = median(seconds.get("denywatch scan"));
        double zcat = median(seconds.get("zcat"));
        Double jq = haveJq ? median(seconds.get("zcat | jq")) : null;
        if (json) {
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("files", fileCount);
            figures.put("events", events);
            figures.put("denials", denials);
            figures.put("gzipBytes", bytes);
            figures.put("cores", Runtime.getRuntime().availableProcessors());
            figures.put("runs", runs);
            figures.put("scanSeconds", scan);
            figures.put("zcatSeconds", zcat);
            figures.put("zcatJqSeconds", jq);
            figures.put("allSeconds", seconds);
            out.println(Json.mapper().writeValueAsString(figures));
        } else {
            out.printf("%d files, %,d events (%,d denials), %.0f MB gzip, %d cores, median of %d runs:%n", fileCount,
                    events, denials, bytes / 1e6, Runtime.getRuntime().availableProcessors(), runs);
            out.printf("  denywatch scan  %6.2f s  (%,.0f events/s, cold JVM included)%n", scan, events / scan);
            out.printf("  zcat            %6.2f s%n", zcat);
            if (jq != null) {
                out.printf("  zcat | jq       %6.2f s  (scan is %.1fx faster)%n", jq, jq / scan);
            } else {
                out.println("  zcat | jq       (jq is not on the PATH)");
            }
        }
        out.flush();
    }

    private static List<String> zcat(List<Path> corpus) {
        List<String> command = new ArrayList<>(List.of("zcat"));
        corpus.forEach(p -> command.add(p.toString()));
        return command;
    }

    private static List<String> zcatJq(List<Path> corpus) {
        List<String> command = new ArrayList<>(List.of("bash", "-c", "zcat \"$@\" | jq -c '" + JQ_FILTER + "'",
                "zcat-jq"));
        corpus.forEach(p -> command.add(p.toString()));
        return command;
    }

    /** Wall seconds from start to exit; standard output to {@code out}, or discarded. */
    private static double time(List<String> command, Path out) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.redirectOutput(out == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(out.toFile()));
        long start = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(30, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IOException(command.get(0) + " did not finish within 30 minutes");
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command.subList(0, Math.min(3, command.size())))
                    + "... exited with " + process.exitValue());
        }
        return elapsed;
    }

    private static List<Path> files(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".json.gz")).sorted()
                    .toList();
        }
    }

    private static Path runningJar() {
        try {
            Path location = Path.of(ScanBench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return location.toString().endsWith(".jar") ? location : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static boolean onPath(String tool) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String last(Map<String, List<Double>> seconds) {
        StringBuilder s = new StringBuilder();
        seconds.forEach((tool, values) -> s.append(s.length() == 0 ? "" : ", ")
                .append(String.format("%s %.2f s", tool, values.get(values.size() - 1))));
        return s.toString();
    }
}
