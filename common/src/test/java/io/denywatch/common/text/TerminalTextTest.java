package io.denywatch.common.text;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class TerminalTextTest {

    @Test
    void plainTextIsReturnedUnchanged() {
        String text = "arn:aws:iam::123456789012:user/jane.doe@example.com – ü";
        assertSame(text, TerminalText.neutralize(text));
    }

    @Test
    void escapeSequencesBecomeVisible() {
        assertEquals("\\x1b]0;owned\\x07\\x1b[2J", TerminalText.neutralize("\u001b]0;owned\u0007\u001b[2J"));
    }

    @Test
    void lineBreaksAndC1ControlsBecomeVisible() {
        assertEquals("a\\x0ab\\x0dc\\x9bd\\x7f", TerminalText.neutralize("a\nb\rc\u009bd\u007f"));
    }

    @Test
    void directionOverridesBecomeVisible() {
        assertEquals("user\\u202etxt.exe\\u2066", TerminalText.neutralize("user\u202etxt.exe\u2066"));
    }

    @Test
    void nullStaysNull() {
        assertNull(TerminalText.neutralize(null));
    }
}
