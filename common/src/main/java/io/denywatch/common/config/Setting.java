package io.denywatch.common.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * One configuration setting, declared once: its key, type, default, bounds and description.
 *
 * <p>The same key is read from the properties file ({@code ingest.queue-url}) and from the environment
 * ({@code DENYWATCH_INGEST_QUEUE_URL}); {@link #envName()} derives the one from the other so they cannot drift apart.
 * Declarations are the single source for validation messages and for the configuration table in the README.
 *
 * @param <T> the parsed type
 */
public final class Setting<T> {

    private final String key;
    private final String type;
    private final T defaultValue;
    private final boolean required;
    private final boolean secret;
    private final String description;
    private final Function<String, T> parser;
    private final Function<T, String> validator;

    private Setting(String key, String type, T defaultValue, boolean required, boolean secret, String description,
                    Function<String, T> parser, Function<T, String> validator) {
        this.key = Objects.requireNonNull(key);
        this.type = type;
        this.defaultValue = defaultValue;
        this.required = required;
        this.secret = secret;
        this.description = description;
        this.parser = parser;
        this.validator = validator;
    }

    /** A free-form string. */
    public static Setting<String> string(String key, String defaultValue, String description) {
        return new Setting<>(key, "string", defaultValue, false, false, description, String::trim, v -> null);
    }

    /** A whole number within [min, max]. */
    public static Setting<Integer> integer(String key, int defaultValue, int min, int max, String description) {
        return new Setting<>(key, "integer", defaultValue, false, false, description, Setting::parseInt,
                v -> v < min || v > max ? "must be between " + min + " and " + max : null);
    }

    /** A number within [min, max]. */
    public static Setting<Double> decimal(String key, double defaultValue, double min, double max, String description) {
        return new Setting<>(key, "number", defaultValue, false, false, description, Setting::parseDouble,
                v -> v < min || v > max ? "must be between " + min + " and " + max : null);
    }

    /** {@code true} or {@code false}. */
    public static Setting<Boolean> bool(String key, boolean defaultValue, String description) {
        return new Setting<>(key, "boolean", defaultValue, false, false, description, Setting::parseBoolean, v -> null);
    }

    /** A duration such as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 24h}, {@code 7d} or ISO-8601 {@code PT30S}. */
    public static Setting<Duration> duration(String key, Duration defaultValue, Duration min, Duration max,
                                             String description) {
        return new Setting<>(key, "duration", defaultValue, false, false, description, Sizes::parseDuration,
                v -> v.compareTo(min) < 0 || v.compareTo(max) > 0
                        ? "must be between " + Sizes.formatDuration(min) + " and " + Sizes.formatDuration(max) : null);
    }

    /** A size in bytes such as {@code 256KB}, {@code 50MB} or {@code 2GB} (units of 1024). */
    public static Setting<Long> bytes(String key, long defaultValue, long min, long max, String description) {
        return new Setting<>(key, "size", defaultValue, false, false, description, Sizes::parseBytes,
                v -> v < min || v > max
                        ? "must be between " + Sizes.formatBytes(min) + " and " + Sizes.formatBytes(max) : null);
    }

    /** The same setting, but start fails when it has no value. */
    public Setting<T> required() {
        return new Setting<>(key, type, defaultValue, true, secret, description, parser, validator);
    }

    /** The same setting, but its value is masked wherever configuration is shown or logged. */
    public Setting<T> secret() {
        return new Setting<>(key, type, defaultValue, required, true, description, parser, validator);
    }

    /** The same setting with an extra check; the function returns a problem description, or null when fine. */
    public Setting<T> validatedBy(Function<T, String> extra) {
        Function<T, String> first = validator;
        return new Setting<>(key, type, defaultValue, required, secret, description, parser, v -> {
            String problem = first.apply(v);
            return problem != null ? problem : extra.apply(v);
        });
    }

    public String key() {
        return key;
    }

    /** The environment variable that sets this key: {@code DENYWATCH_} plus the key in upper case, with {@code _}. */
    public String envName() {
        return envNameOf(key);
    }

    static String envNameOf(String key) {
        return "DENYWATCH_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public String type() {
        return type;
    }

    public T defaultValue() {
        return defaultValue;
    }

    public boolean isRequired() {
        return required;
    }

    public boolean isSecret() {
        return secret;
    }

    public String description() {
        return description;
    }

    /** Parses and checks a raw value; throws {@link IllegalArgumentException} with a message fit for the user. */
    T parse(String raw) {
        T value = parser.apply(raw);
        String problem = validator.apply(value);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return value;
    }

    /** The default shown in documentation. */
    public String defaultText() {
        if (defaultValue == null) {
            return "";
        }
        if (defaultValue instanceof Duration d) {
            return Sizes.formatDuration(d);
        }
        if ("size".equals(type)) {
            return Sizes.formatBytes((Long) defaultValue);
        }
        return String.valueOf(defaultValue);
    }

    private static Integer parseInt(String raw) {
        try {
            return Integer.valueOf(raw.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a whole number");
        }
    }

    private static Double parseDouble(String raw) {
        try {
            return Double.valueOf(raw.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a number");
        }
    }

    private static Boolean parseBoolean(String raw) {
        String v = raw.trim().toLowerCase(Locale.ROOT);
        if (v.equals("true") || v.equals("false")) {
            return Boolean.valueOf(v);
        }
        throw new IllegalArgumentException("must be true or false");
    }

    @Override
    public String toString() {
        return key;
    }
}
