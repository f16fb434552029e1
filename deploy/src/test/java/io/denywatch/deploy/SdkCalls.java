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

/**
 * The IAM actions a body of code needs, found from its calls: every operation of the given SDK client interfaces
 * (listed by reflection) that the sources call, mapped to the action AWS authorizes it as. What the deploy files'
 * policies are checked against, so that a new call cannot ship without its permission.
 */
final class SdkCalls {

    private static final Pattern CALL = Pattern.compile("\\.([a-zA-Z0-9]+)\\(");

    private SdkCalls() {
    }

    /**
     * Action → the source files (relative to {@code sources}) that call it.
     *
     * @param sources  a source folder, relative to the repository
     * @param clients  each SDK client interface and its IAM service prefix
     * @param renamed  operations authorized as another action than their name says
     */
    static Map<String, Set<String>> actions(String sources, Map<Class<?>, String> clients,
                                            Map<String, String> renamed) {
        Map<String, String> operations = new TreeMap<>();
        clients.forEach((client, service) -> operations.putAll(operationsOf(client, service, renamed)));
        Map<String, Set<String>> found = new TreeMap<>();
        Path root = Repo.path(sources);
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                String relative = root.relativize(file).toString().replace('\\', '/');
                Matcher m = CALL.matcher(text);
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

    /** Method name (and its paginator form) → IAM action, for every operation of an SDK client interface. */
    private static Map<String, String> operationsOf(Class<?> client, String service, Map<String, String> renamed) {
        Map<String, String> out = new TreeMap<>();
        for (Method method : client.getMethods()) {
            String returned = method.getReturnType().getSimpleName();
            String name = method.getName();
            // ResponseInputStream: S3's GetObject.
            boolean operation = returned.endsWith("Response") || returned.startsWith("Response");
            boolean paginator = name.endsWith("Paginator") && returned.endsWith("Iterable");
            if (!operation && !paginator) {
                continue;
            }
            String op = paginator ? name.substring(0, name.length() - "Paginator".length()) : name;
            // Batch calls are authorized as the single call: ChangeMessageVisibilityBatch needs ChangeMessageVisibility.
            String base = op.endsWith("Batch") ? op.substring(0, op.length() - "Batch".length()) : op;
            String action = service + ":" + base.substring(0, 1).toUpperCase(Locale.ROOT) + base.substring(1);
            out.put(name, renamed.getOrDefault(action, action));
        }
        return out;
    }
}
