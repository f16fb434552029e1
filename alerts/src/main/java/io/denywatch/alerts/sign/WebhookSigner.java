package io.denywatch.alerts.sign;

import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Signs a webhook body so the receiver can tell it came from denywatch and was not replayed later.
 *
 * <p>The signature covers the timestamp as well as the body: {@code sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">},
 * so an old request cannot be resent with a fresh timestamp. Sign the exact bytes that will be sent; re-serialising
 * JSON between signing and sending breaks the signature.
 */
public final class WebhookSigner {

    /** Header carrying the signing time in Unix seconds. */
    public static final String TIMESTAMP_HEADER = "X-Denywatch-Timestamp";
    /** Header carrying {@code sha256=<hex>}. */
    public static final String SIGNATURE_HEADER = "X-Denywatch-Signature";
    static final String SCHEME = "sha256=";

    private final WebhookSecret secret;
    private final Clock clock;

    public WebhookSigner(WebhookSecret secret, Clock clock) {
        this.secret = Objects.requireNonNull(secret);
        this.clock = Objects.requireNonNull(clock);
    }

    /** The two headers to send with {@code body}, signed now. */
    public Map<String, String> sign(byte[] body) {
        return sign(clock.instant().getEpochSecond(), body);
    }

    /** The two headers to send with {@code body}, signed as of {@code timestamp} (Unix seconds). */
    public Map<String, String> sign(long timestamp, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(TIMESTAMP_HEADER, Long.toString(timestamp));
        headers.put(SIGNATURE_HEADER, signature(secret, timestamp, body));
        return headers;
    }

    /** The signature header's value for {@code body} at {@code timestamp}. */
    public static String signature(WebhookSecret secret, long timestamp, byte[] body) {
        return SCHEME + HexFormat.of().formatHex(HmacSha256.of(secret, Long.toString(timestamp), Objects.requireNonNull(body)));
    }

    @Override
    public String toString() {
        return "WebhookSigner[secret=" + secret + "]";
    }
}
