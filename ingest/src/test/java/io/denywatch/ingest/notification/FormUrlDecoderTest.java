package io.denywatch.ingest.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FormUrlDecoderTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "plain/key.json.gz              | plain/key.json.gz",
        "a+b                            | a b",
        "c%2B%2B                        | c++",
        "a%20b                          | a b",
        "100%25                         | 100%",
        "100%2525                       | 100%25",
        "%C3%A9t%C3%A9                  | été",
        "%c3%a9                         | é",
        "%F0%9F%93%9C                   | \uD83D\uDCDC",
        "k%3Dv%26x%3Dy                  | k=v&x=y",
        "k=v&x=y                        | k=v&x=y",
        "dt%3D2024-05-14/part+0         | dt=2024-05-14/part 0",
        "été/as-is                      | été/as-is",
        "a%2Fb                          | a/b",
    })
    void decodesExactlyOnce(final String encoded, final String decoded) throws Exception {
        assertEquals(decoded, FormUrlDecoder.decode(encoded));
    }

    @ParameterizedTest
    @ValueSource(strings = {"100%", "100%2", "%zz", "a%2", "%%", "%G1", "50% off", "%C3", "%C3%28", "%FF", "%ED%A0%80"})
    void refusesMalformedEscapesAndInvalidUtf8(final String encoded) {
        assertThrows(FormUrlDecoder.MalformedEncodingException.class, () -> FormUrlDecoder.decode(encoded));
    }

    @ParameterizedTest
    @ValueSource(strings = {"%41", "a%2Fb%3D", "x%c3%a9"})
    void seesEscapesWhenEveryPercentStartsOne(final String text) {
        assertTrue(FormUrlDecoder.hasEscapes(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "plain", "a+b", "100%", "%4", "%41 and 50%", "%zz"})
    void seesNoEscapesWhenNoneOrOneIsBroken(final String text) {
        assertFalse(FormUrlDecoder.hasEscapes(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a b", "été", "tab\there", "del\u007f"})
    void spacesControlsAndNonAsciiAreOutsideTheEncoderAlphabet(final String text) {
        assertFalse(FormUrlDecoder.isEncoderAlphabet(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a+b%20c", "AWSLogs/1/x.json.gz", "!*'();:@&=$,?#[]~"})
    void printableAsciiIsTheEncoderAlphabet(final String text) {
        assertTrue(FormUrlDecoder.isEncoderAlphabet(text));
    }
}
