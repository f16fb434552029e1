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
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The IAM actions the resolve code needs, found from its calls as {@link IngestCalls} finds the ingest code's: every
 * IAM, Organizations and STS client operation (listed from the SDK's client interfaces) that the resolve sources
 * call, mapped to the action AWS authorizes it as.
 */
final class ResolveCalls {

    static final String SOURCES = "resolve/src/main/java/io/denywatch/resolve";

    /**
     * Called with the caller's own credentials before any role is assumed, and allowed whatever the policies say:
     * "No permissions are required to perform this operation"
     * (<a href="https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html">GetCallerIdentity</a>).
     */
    static final Set<String> NEEDS_NO_PERMISSION = Set.of("sts:GetCallerIdentity");

    private ResolveCalls() {
    }

    /** Action → the source files (relative to {@link #SOURCES}) that call it. */
    static Map<String, Set<String>> actions() {
        Map<String, String> operations = new TreeMap<>();
        operations.putAll(operationsOf(IamClient.class, "iam"));
        operations.putAll(operationsOf(OrganizationsClient.class, "organizations"));
        operations.putAll(operationsOf(StsClient.class, "sts"));
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

    /** What the reader role must be allowed: every call but those that need no permission. */
    static Set<String> readerActions() {
        Set<String> out = new TreeSet<>(actions().keySet());
        out.removeAll(NEEDS_NO_PERMISSION);
        return out;
    }

    /** Method name (and its paginator form) → IAM action, for every operation of an SDK client interface. */
    private static Map<String, String> operationsOf(Class<?> client, String service) {
        Map<String, String> out = new TreeMap<>();
        for (Method method : client.getMethods()) {
            String returned = method.getReturnType().getSimpleName();
            String name = method.getName();
            boolean operation = returned.endsWith("Response");
            boolean paginator = name.endsWith("Paginator") && returned.endsWith("Iterable");
            if (!operation && !paginator) {
                continue;
            }
            String op = paginator ? name.substring(0, name.length() - "Paginator".length()) : name;
            out.put(name, service + ":" + op.substring(0, 1).toUpperCase(Locale.ROOT) + op.substring(1));
        }
        return out;
    }
}
