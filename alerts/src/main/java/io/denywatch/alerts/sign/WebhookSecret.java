package io.denywatch.alerts.sign;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The shared secret of signed webhooks. It is kept as bytes and never printed: {@link #toString()} is masked so that a
 * secret cannot reach a log line through string concatenation or a debugger's summary.
 */
public final class WebhookSecret {

    /** Shorter secrets are refused: an HMAC key should carry at least 128 bits. */
    public static final int MIN_LENGTH = 16;

    private final byte[] key;

    private WebhookSecret(byte[] key) {
        this.key = key;
    }

    /** The secret from its configured text (UTF-8), at least {@value #MIN_LENGTH} bytes long. */
    public static WebhookSecret of(String secret) {
        if (secret == null) {
            throw new IllegalArgumentException("webhook secret is missing");
        }
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_LENGTH) {
            throw new IllegalArgumentException("webhook secret must be at least " + MIN_LENGTH + " bytes");
        }
        return new WebhookSecret(bytes);
    }

    /** A copy of the key bytes, for the MAC only. */
    byte[] keyBytes() {
        return Arrays.copyOf(key, key.length);
    }

    @Override
    public String toString() {
        return "WebhookSecret[****]";
    }
}
