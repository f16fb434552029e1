package io.denywatch.analyzer.classify;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The rule that decides whether an EC2 encoded authorization message can be decoded. */
class EncodedMessageTruncationTest {

    private static final String LEAD = "You are not authorized to perform this operation. Encoded authorization failure"
            + " message: ";

    @Test
    void aShortBlobOfTheUrlSafeAlphabetIsWhole() {
        assertFalse(truncated("AbCd-EfGh_IjKl0123"));
    }

    @Test
    void aMessageNearCloudTrailsOneKilobyteCutIsTruncated() {
        int limit = DenialMessageParser.TRUNCATION_SUSPECT_LENGTH - LEAD.length();
        int justBelow = (limit - 1) / 4 * 4;
        assertTrue(truncated("A".repeat(limit + 3)));
        assertFalse(truncated("A".repeat(justBelow)));
    }

    @Test
    void aBlobEndingInAnEllipsisIsTruncated() {
        assertTrue(truncated("AbCdEfGh..."));
    }

    @Test
    void aBlobWithCharactersOutsideTheAlphabetIsTruncated() {
        assertTrue(truncated("AbCd EfGh"));
        assertTrue(truncated("AbCd+EfGh"));
    }

    @Test
    void aBlobLengthNoBase64TextCanHaveIsTruncated() {
        assertTrue(truncated("AbCdE"));
        assertFalse(truncated("AbCdEf"));
    }

    @Test
    void anEmptyBlobIsTruncated() {
        assertTrue(truncated(""));
    }

    private static boolean truncated(String blob) {
        DenialMessage m = DenialMessageParser.parse(LEAD + blob);
        return m.encodedBlob() != null && m.encodedTruncated();
    }
}
