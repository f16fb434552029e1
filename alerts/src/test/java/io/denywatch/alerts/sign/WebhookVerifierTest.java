package io.denywatch.alerts.sign;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WebhookVerifierTest {

    private static final long NOW = 1_700_000_000L;
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
    private static final WebhookSecret SECRET = WebhookSecret.of("whsec-denywatch-test-0123456789");
    private static final byte[] BODY = "{\"text\":\"hello\"}".getBytes(StandardCharsets.UTF_8);

    private final WebhookVerifier verifier = new WebhookVerifier(SECRET, CLOCK);

    private static Map<String, String> signedAt(long timestamp, WebhookSecret secret) {
        return new WebhookSigner(secret, CLOCK).sign(timestamp, BODY);
    }

    private WebhookVerifier.Result check(Map<String, String> headers, byte[] body) {
        return verifier.verify(headers.get(WebhookSigner.TIMESTAMP_HEADER), headers.get(WebhookSigner.SIGNATURE_HEADER),
                body);
    }

    @Test
    void acceptsAFreshValidSignature() {
        assertEquals(WebhookVerifier.Result.VALID,
                check(new WebhookSigner(SECRET, CLOCK).sign(BODY), BODY));
    }

    @Test
    void acceptsTimestampsAtTheEdgesOfTheTolerance() {
        assertEquals(WebhookVerifier.Result.VALID, check(signedAt(NOW - 300, SECRET), BODY));
        assertEquals(WebhookVerifier.Result.VALID, check(signedAt(NOW + 300, SECRET), BODY));
    }

    @Test
    void rejectsASignatureMadeWithAnotherSecret() {
        WebhookSecret other = WebhookSecret.of("another-secret-of-enough-length");

        assertEquals(WebhookVerifier.Result.BAD_SIGNATURE, check(signedAt(NOW, other), BODY));
    }

    @Test
    void rejectsATamperedBody() {
        byte[] tampered = "{\"text\":\"hellO\"}".getBytes(StandardCharsets.UTF_8);

        assertEquals(WebhookVerifier.Result.BAD_SIGNATURE, check(signedAt(NOW, SECRET), tampered));
    }

    @Test
    void rejectsATimestampChangedAfterSigning() {
        String signature = signedAt(NOW, SECRET).get(WebhookSigner.SIGNATURE_HEADER);

        assertEquals(WebhookVerifier.Result.BAD_SIGNATURE, verifier.verify(Long.toString(NOW - 1), signature, BODY));
    }

    @Test
    void rejectsATimestampOlderThanTheTolerance() {
        assertEquals(WebhookVerifier.Result.TOO_OLD, check(signedAt(NOW - 301, SECRET), BODY));
    }

    @Test
    void rejectsATimestampFurtherInTheFutureThanTheTolerance() {
        assertEquals(WebhookVerifier.Result.FROM_THE_FUTURE, check(signedAt(NOW + 301, SECRET), BODY));
    }

    @Test
    void aCustomToleranceIsHonoured() {
        WebhookVerifier strict = new WebhookVerifier(SECRET, Duration.ofSeconds(10), CLOCK);
        Map<String, String> headers = signedAt(NOW - 11, SECRET);

        assertEquals(WebhookVerifier.Result.TOO_OLD, strict.verify(headers.get(WebhookSigner.TIMESTAMP_HEADER),
                headers.get(WebhookSigner.SIGNATURE_HEADER), BODY));
    }

    @Test
    void rejectsMissingAndMalformedHeaders() {
        String good = signedAt(NOW, SECRET).get(WebhookSigner.SIGNATURE_HEADER);

        assertEquals(WebhookVerifier.Result.MISSING_HEADER, verifier.verify(null, good, BODY));
        assertEquals(WebhookVerifier.Result.MISSING_HEADER, verifier.verify("1700000000", null, BODY));
        assertEquals(WebhookVerifier.Result.MALFORMED_HEADER, verifier.verify("soon", good, BODY));
        assertEquals(WebhookVerifier.Result.MALFORMED_HEADER, verifier.verify("+1700000000", good, BODY));
        assertEquals(WebhookVerifier.Result.MALFORMED_HEADER, verifier.verify("-1", good, BODY));
        assertEquals(WebhookVerifier.Result.MALFORMED_HEADER,
                verifier.verify("1700000000", good.replace("sha256=", "sha1="), BODY));
        assertEquals(WebhookVerifier.Result.MALFORMED_HEADER,
                verifier.verify("1700000000", good.substring(0, good.length() - 2), BODY));
        assertEquals(WebhookVerifier.Result.MALFORMED_HEADER,
                verifier.verify("1700000000", good.substring(0, good.length() - 2) + "zz", BODY));
    }
}
