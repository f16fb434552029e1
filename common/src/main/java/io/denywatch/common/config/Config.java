package io.denywatch.common.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The resolved configuration of one process.
 *
 * <p>Each setting is looked up, highest precedence first, in: explicit overrides (command-line options), the
 * environment ({@code DENYWATCH_*}, or {@code DENYWATCH_*_FILE} naming a file that holds the value, for secrets
 * mounted by Kubernetes or compose), the properties file, then the setting's default.
 *
 * <p>Kafka client properties pass through untouched: {@code kafka.*} keys from the file, and {@code KAFKA_*}
 * environment variables ({@code KAFKA_SASL_MECHANISM} becomes {@code sasl.mechanism}), so SASL, TLS or MSK IAM need
 * no code here.
 */
public final class Config {

    /** Environment variables of the Kafka start scripts, not client properties. */
    private static final Set<String> KAFKA_SCRIPT_VARIABLES = Set.of(
            "KAFKA_HEAP_OPTS", "KAFKA_OPTS", "KAFKA_JVM_PERFORMANCE_OPTS", "KAFKA_LOG4J_OPTS", "KAFKA_JMX_OPTS",
            "KAFKA_DEBUG", "KAFKA_GC_LOG_OPTS", "KAFKA_HOME");

    private final Map<String, String> overrides;
    private final Map<String, String> env;
    private final Map<String, String> file;
    private final String fileName;

    private Config(Map<String, String> overrides, Map<String, String> env, Map<String, String> file, String fileName) {
        this.overrides = Map.copyOf(overrides);
        this.env = Map.copyOf(env);
        this.file = Map.copyOf(file);
        this.fileName = fileName;
    }

    /**
     * Loads configuration from an optional properties file, the given environment and overrides.
     *
     * @throws ConfigException when the file cannot be read
     */
    public static Config load(Path propertiesFile, Map<String, String> env, Map<String, String> overrides) {
        Map<String, String> fromFile = new HashMap<>();
        String fileName = null;
        if (propertiesFile != null) {
            fileName = propertiesFile.toString();
            Properties props = new Properties();
            try (Reader reader = Files.newBufferedReader(propertiesFile, StandardCharsets.UTF_8)) {
                props.load(reader);
            } catch (IOException e) {
                throw new ConfigException("cannot read configuration file " + propertiesFile + ": " + e.getMessage());
            }
            props.stringPropertyNames().forEach(k -> fromFile.put(k.trim(), props.getProperty(k)));
        }
        return new Config(overrides, env, fromFile, fileName);
    }

    /** Configuration from overrides only: for tests and embedded use. */
    public static Config of(Map<String, String> overrides) {
        return new Config(overrides, Map.of(), Map.of(), null);
    }

    /** This configuration with more overrides on top. */
    public Config with(Map<String, String> moreOverrides) {
        Map<String, String> merged = new HashMap<>(overrides);
        merged.putAll(moreOverrides);
        return new Config(merged, env, file, fileName);
    }

    /**
     * The value of a setting.
     *
     * @throws ConfigException when the value does not parse or is out of range, naming the setting and its origin
     */
    public <T> T get(Setting<T> setting) {
        Raw raw = raw(setting);
        if (raw == null) {
            if (setting.isRequired()) {
                throw new ConfigException(missing(setting));
            }
            return setting.defaultValue();
        }
        try {
            return setting.parse(raw.value());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(describeProblem(setting, raw, e.getMessage()));
        }
    }

    /** True when the setting was given a value anywhere (not just its default). */
    public boolean isSet(Setting<?> setting) {
        return raw(setting) != null;
    }

    /**
     * Checks every given setting at once, so that a bad start names all problems rather than the first.
     *
     * @throws ConfigException listing every problem
     */
    public void validate(Collection<? extends Setting<?>> settings) {
        List<String> problems = new ArrayList<>();
        for (Setting<?> s : settings) {
            try {
                get(s);
            } catch (ConfigException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    /**
     * Fails on keys in the properties file and {@code DENYWATCH_*} variables that no setting declares: a typo must not
     * silently fall back to a default.
     */
    public void rejectUnknown(Collection<? extends Setting<?>> known) {
        Set<String> keys = new HashSet<>();
        Set<String> envNames = new HashSet<>();
        for (Setting<?> s : known) {
            keys.add(s.key());
            envNames.add(s.envName());
            envNames.add(s.envName() + "_FILE");
        }
        List<String> problems = new ArrayList<>();
        for (String k : new TreeMap<>(file).keySet()) {
            if (!k.startsWith("kafka.") && !keys.contains(k)) {
                problems.add("unknown setting '" + k + "' in " + fileName + suggestion(k, keys));
            }
        }
        for (String name : new TreeMap<>(env).keySet()) {
            if (name.startsWith("DENYWATCH_") && !envNames.contains(name)) {
                problems.add("unknown environment variable " + name);
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    /** Kafka client properties: {@code kafka.*} from the file and overrides, {@code KAFKA_*} from the environment. */
    public Map<String, Object> kafkaProperties() {
        Map<String, Object> props = new TreeMap<>();
        file.forEach((k, v) -> {
            if (k.startsWith("kafka.")) {
                props.put(k.substring("kafka.".length()), v.trim());
            }
        });
        env.forEach((k, v) -> {
            if (k.startsWith("KAFKA_") && !KAFKA_SCRIPT_VARIABLES.contains(k)) {
                props.put(k.substring("KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.'), v.trim());
            }
        });
        overrides.forEach((k, v) -> {
            if (k.startsWith("kafka.")) {
                props.put(k.substring("kafka.".length()), v.trim());
            }
        });
        return props;
    }

    /**
     * The effective settings as text safe to log: secrets and Kafka credentials are masked.
     */
    public Map<String, String> describe(Collection<? extends Setting<?>> settings) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Setting<?> s : settings) {
            Raw raw = raw(s);
            String shown = raw == null ? s.defaultText() : raw.value();
            out.put(s.key(), s.isSecret() && raw != null ? Secrets.mask(shown) : shown);
        }
        kafkaProperties().forEach((k, v) ->
                out.put("kafka." + k, Secrets.isSensitiveKafkaProperty(k) ? Secrets.mask(String.valueOf(v)) : String.valueOf(v)));
        return out;
    }

    private Raw raw(Setting<?> setting) {
        String override = overrides.get(setting.key());
        if (override != null) {
            return new Raw(override, "option " + setting.key());
        }
        String fromEnv = env.get(setting.envName());
        if (fromEnv != null) {
            return new Raw(fromEnv, "environment variable " + setting.envName());
        }
        String fileVar = setting.envName() + "_FILE";
        String secretFile = env.get(fileVar);
        if (secretFile != null) {
            try {
                return new Raw(Files.readString(Path.of(secretFile), StandardCharsets.UTF_8).trim(),
                        "file " + secretFile + " (from " + fileVar + ")");
            } catch (IOException e) {
                throw new ConfigException(setting.key() + ": cannot read " + secretFile + " named by " + fileVar
                        + ": " + e.getMessage());
            }
        }
        String fromFile = file.get(setting.key());
        if (fromFile != null) {
            return new Raw(fromFile, fileName);
        }
        return null;
    }

    private static String describeProblem(Setting<?> setting, Raw raw, String problem) {
        String shown = setting.isSecret() ? Secrets.mask(raw.value()) : "'" + raw.value() + "'";
        return setting.key() + ": " + problem + ", got " + shown + " (from " + raw.origin() + ")";
    }

    private static String missing(Setting<?> setting) {
        return setting.key() + ": required, but not set (set " + setting.key() + " in the configuration file or the"
                + " environment variable " + setting.envName() + ")";
    }

    private static String suggestion(String unknown, Set<String> keys) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : keys) {
            int d = distance(unknown, k);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return best != null && bestDistance <= 3 ? " (did you mean '" + best + "'?)" : "";
    }

    /** Levenshtein distance, for "did you mean" hints on typos. */
    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private record Raw(String value, String origin) {
    }
}
