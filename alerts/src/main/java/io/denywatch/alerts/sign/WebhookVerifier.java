package io.denywatch.alerts.sign;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a webhook receiver does to trust a denywatch request: recompute the signature over the timestamp and the raw
 * body, compare in constant time, and refuse timestamps outside a tolerance either way.
 *
 * <p>The tolerance bounds how long a captured request can be replayed; it applies to the future too, since a
 * timestamp far ahead would otherwise stay replayable until that time comes.
 */
public final class WebhookVerifier {

    /** Tolerance when none is given. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private static final int HMAC_SHA256_BYTES = 32;
    /** Digits only: a sign or leading spaces would let two header values stand for one signed time. */
    private static final Pattern UNIX_SECONDS = Pattern.compile("[0-9]{1,18}");

    private final WebhookSecret secret;
    private final Duration tolerance;
    private final Clock clock;

    public WebhookVerifier(WebhookSecret secret, Duration tolerance, Clock clock) {
        this.secret = Objects.requireNonNull(secret);
        this.tolerance = Objects.requireNonNull(tolerance);
        this.clock = Objects.requireNonNull(clock);
        if (tolerance.isNegative()) {
            throw new IllegalArgumentException("tolerance must not be negative");
        }
    }

    /** A verifier with the {@linkplain #DEFAULT_TOLERANCE default tolerance}. */
    public WebhookVerifier(WebhookSecret secret, Clock clock) {
        this(secret, DEFAULT_TOLERANCE, clock);
    }

    /** The outcome of one check; only {@link #VALID} means the request may be used. */
    public enum Result { VALID, MISSING_HEADER, MALFORMED_HEADER, TOO_OLD, FROM_THE_FUTURE, BAD_SIGNATURE }

    /**
     * Checks one request.
     *
     * @param timestampHeader the {@value WebhookSigner#TIMESTAMP_HEADER} value as received
     * @param signatureHeader the {@value WebhookSigner#SIGNATURE_HEADER} value as received
     * @param body            the raw body bytes as received, before any parsing
     */
    public Result verify(String timestampHeader, String signatureHeader, byte[] body) {
        if (timestampHeader == null || signatureHeader == null || body == null) {
            return Result.MISSING_HEADER;
        }
        String timestampText = timestampHeader.trim();
        if (!UNIX_SECONDS.matcher(timestampText).matches()) {
            return Result.MALFORMED_HEADER;
        }
        long timestamp = Long.parseLong(timestampText);
        byte[] given;
        try {
            given = parseSignature(signatureHeader.trim());
        } catch (IllegalArgumentException e) {
            return Result.MALFORMED_HEADER;
        }
        long now = clock.instant().getEpochSecond();
        long toleranceSeconds = tolerance.toSeconds();
        if (timestamp < now - toleranceSeconds) {
            return Result.TOO_OLD;
        }
        if (timestamp > now + toleranceSeconds) {
            return Result.FROM_THE_FUTURE;
        }
        byte[] expected = HmacSha256.of(secret, timestampText, body);
        return MessageDigest.isEqual(expected, given) ? Result.VALID : Result.BAD_SIGNATURE;
    }

    private static byte[] parseSignature(String header) {
        if (!header.startsWith(WebhookSigner.SCHEME)) {
            throw new IllegalArgumentException("unknown signature scheme");
        }
        String hex = header.substring(WebhookSigner.SCHEME.length());
        if (hex.length() != 2 * HMAC_SHA256_BYTES) {
            throw new IllegalArgumentException("signature has the wrong length");
        }
        return HexFormat.of().parseHex(hex);
    }

    @Override
    public String toString() {
        return "WebhookVerifier[secret=" + secret + ", tolerance=" + tolerance + "]";
    }
}
