package io.denywatch.alerts.sign;

import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WebhookSignerTest {

    private static final String SECRET = "whsec-denywatch-test-0123456789";
    private static final byte[] BODY = "{\"text\":\"hello\"}".getBytes(StandardCharsets.UTF_8);
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);

    @Test
    void signsTimestampDotBodyWithHmacSha256AsAnIndependentComputationDoes() throws Exception {
        Map<String, String> headers = new WebhookSigner(WebhookSecret.of(SECRET), CLOCK).sign(BODY);

        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] expected = mac.doFinal(("1700000000." + new String(BODY, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(Map.of(WebhookSigner.TIMESTAMP_HEADER, "1700000000",
                WebhookSigner.SIGNATURE_HEADER, "sha256=" + HexFormat.of().formatHex(expected)), headers);
    }

    @Test
    void matchesAFixedKnownVector() {
        assertEquals("sha256=a1f55b50c2ca0d5d3233026bdf5fe1536e85d722960e47aa970d8beb0001b60e",
                WebhookSigner.signature(WebhookSecret.of(SECRET), 1_700_000_000L, BODY));
    }

    @Test
    void theSecretNeverAppearsInToString() {
        WebhookSecret secret = WebhookSecret.of(SECRET);

        assertFalse(secret.toString().contains(SECRET));
        assertFalse(new WebhookSigner(secret, CLOCK).toString().contains(SECRET));
        assertFalse(new WebhookVerifier(secret, CLOCK).toString().contains(SECRET));
    }

    @Test
    void aShortSecretIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> WebhookSecret.of("short"));
    }
}
