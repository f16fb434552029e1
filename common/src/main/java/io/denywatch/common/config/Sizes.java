package io.denywatch.common.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and prints the human forms of durations and byte sizes used in configuration. */
public final class Sizes {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final Pattern BYTES = Pattern.compile("(\\d+)\\s*(b|kb|kib|mb|mib|gb|gib)?");

    private Sizes() {
    }

    /** {@code 500ms}, {@code 30s}, {@code 5m}, {@code 24h}, {@code 7d}, or ISO-8601 such as {@code PT30S}. */
    public static Duration parseDuration(String raw) {
        String v = raw.trim().toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(v);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(raw.trim().toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("must be a duration such as 500ms, 30s, 5m, 24h or 7d");
        }
    }

    /** The shortest exact form: {@code 90s} rather than {@code PT1M30S}. */
    public static String formatDuration(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000 == 0 && ms > 0) {
            return ms / 86_400_000 + "d";
        }
        if (ms % 3_600_000 == 0 && ms > 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    /** {@code 1024}, {@code 256KB}, {@code 50MB}, {@code 2GB}: units of 1024, {@code KiB} spellings accepted. */
    public static long parseBytes(String raw) {
        Matcher m = BYTES.matcher(raw.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("must be a size such as 1024, 256KB, 50MB or 2GB");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2);
        return switch (unit) {
            case "kb", "kib" -> n << 10;
            case "mb", "mib" -> n << 20;
            case "gb", "gib" -> n << 30;
            default -> n;
        };
    }

    /** The largest unit that divides the size exactly. */
    public static String formatBytes(long bytes) {
        if (bytes > 0 && bytes % (1L << 30) == 0) {
            return (bytes >> 30) + "GB";
        }
        if (bytes > 0 && bytes % (1L << 20) == 0) {
            return (bytes >> 20) + "MB";
        }
        if (bytes > 0 && bytes % (1L << 10) == 0) {
            return (bytes >> 10) + "KB";
        }
        return bytes + "B";
    }
}
