package io.denywatch.common.config;

import java.util.Locale;

/** Keeps secrets out of logs, metrics and error messages. */
public final class Secrets {

    private Secrets() {
    }

    /** A fixed mask that tells a secret is set without giving away its length or content. */
    public static String mask(String value) {
        return value == null || value.isEmpty() ? "" : "****";
    }

    /** Kafka client properties that carry credentials. */
    public static boolean isSensitiveKafkaProperty(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("jaas") || k.contains("secret") || k.contains("token")
                || k.endsWith(".key") || k.contains("credentials");
    }
}
