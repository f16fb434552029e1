package io.denywatch.common.text;

import io.denywatch.common.json.Json;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WellFormedTest {

    private static final String ROCKET = "\uD83D\uDE80";

    @Test
    void textWithoutUnpairedSurrogatesIsReturnedAsIs() {
        String s = "arn:aws:s3:::bucket/launch-" + ROCKET + ".txt";
        assertSame(s, WellFormed.text(s));
        assertNull(WellFormed.text(null));
    }

    @Test
    void unpairedSurrogatesBecomeTheReplacementCharacterAndPairsStay() {
        assertEquals("a\uFFFDb", WellFormed.text("a\uD800b"));
        assertEquals("a\uFFFD", WellFormed.text("a\uDC00"));
        assertEquals("\uFFFD" + ROCKET + "\uFFFD", WellFormed.text("\uDE80" + ROCKET + "\uD83D"));
    }

    @Test
    void aCutNeverSplitsAPair() {
        String s = "ab" + ROCKET + "cd";
        assertEquals("ab", WellFormed.cut(s, 3));
        assertEquals("ab" + ROCKET, WellFormed.cut(s, 4));
        assertEquals("ab", WellFormed.cut(s, 2));
        assertSame(s, WellFormed.cut(s, 10));
    }

    /** Why this exists: the analyzer's Smile state refuses what this repairs. */
    @Test
    void smileTakesTheRepairedTextAndRefusesTheRaw() {
        String raw = "key-\uD800";
        assertThrows(Exception.class, () -> Json.binary().writeValueAsBytes(Map.of("k", raw)));
        assertDoesNotThrow(() -> Json.binary().writeValueAsBytes(Map.of("k", WellFormed.text(raw))));
    }
}
