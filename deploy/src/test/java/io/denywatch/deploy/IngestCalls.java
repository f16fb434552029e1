package io.denywatch.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The IAM actions the ingest code needs, found from its calls: every S3 and SQS client operation (listed from the
 * SDK's client interfaces) that the ingest sources call, mapped to the action AWS authorizes it as.
 */
final class IngestCalls {

    static final String SOURCES = "ingest/src/main/java/io/denywatch/ingest";

    /** Code only {@code denywatch replay} runs: it lists the bucket; the queue consumer never does. */
    private static final Set<String> REPLAY_ONLY = Set.of("replay/", "logfile/LogFileLister.java");

    /** Operations authorized as another action than their name says. */
    private static final Map<String, String> SPECIAL = Map.of(
            "s3:ListObjectsV2", "s3:ListBucket",
            "s3:ListObjects", "s3:ListBucket",
            "s3:HeadObject", "s3:GetObject",
            "s3:HeadBucket", "s3:ListBucket");

    private IngestCalls() {
    }

    /** Action → the source files (relative to {@link #SOURCES}) that call it. */
    static Map<String, Set<String>> actions() {
        Map<String, String> operations = new TreeMap<>();
        operations.putAll(operationsOf(S3Client.class, "s3"));
        operations.putAll(operationsOf(SqsClient.class, "sqs"));
        Map<String, Set<String>> found = new TreeMap<>();
        Path root = Repo.path(SOURCES);
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                String relative = root.relativize(file).toString().replace('\\', '/');
                Matcher m = Pattern.compile("\\.([a-zA-Z0-9]+)\\(").matcher(text);
                while (m.find()) {
                    String action = operations.get(m.group(1));
                    if (action != null) {
                        found.computeIfAbsent(action, a -> new TreeSet<>()).add(relative);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    /** Actions the queue consumer ({@code denywatch ingest}) needs. */
    static Set<String> ingestActions() {
        Set<String> out = new TreeSet<>();
        actions().forEach((action, files) -> {
            if (files.stream().anyMatch(f -> REPLAY_ONLY.stream().noneMatch(f::startsWith))) {
                out.add(action);
            }
        });
        return out;
    }

    /** Actions {@code denywatch replay s3://...} needs: every S3 action of the code (replay reads S3 only). */
    static Set<String> replayActions() {
        Set<String> out = new TreeSet<>();
        actions().keySet().stream().filter(a -> a.startsWith("s3:")).forEach(out::add);
        return out;
    }

    /** Method name (and its paginator form) → IAM action, for every operation of an SDK client interface. */
    private static Map<String, String> operationsOf(Class<?> client, String service) {
        Map<String, String> out = new TreeMap<>();
        for (Method method : client.getMethods()) {
            String returned = method.getReturnType().getSimpleName();
            String name = method.getName();
            boolean operation = returned.endsWith("Response") || returned.startsWith("Response");
            boolean paginator = name.endsWith("Paginator") && returned.endsWith("Iterable");
            if (!operation && !paginator) {
                continue;
            }
            String op = paginator ? name.substring(0, name.length() - "Paginator".length()) : name;
            // Batch calls are authorized as the single call: ChangeMessageVisibilityBatch needs ChangeMessageVisibility.
            String base = op.endsWith("Batch") ? op.substring(0, op.length() - "Batch".length()) : op;
            String action = service + ":" + base.substring(0, 1).toUpperCase(Locale.ROOT) + base.substring(1);
            out.put(name, SPECIAL.getOrDefault(action, action));
        }
        return out;
    }
}
