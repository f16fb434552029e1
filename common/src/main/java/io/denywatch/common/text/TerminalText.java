package io.denywatch.common.text;

/**
 * Makes event text safe to print on a terminal.
 *
 * <p>Event fields are attacker-influenced: an escape sequence in a session name or user agent could move the cursor,
 * rewrite earlier lines, set the window title or worse. Every C0 and C1 control character, DEL, and the Unicode
 * direction overrides and isolates (which can make text read differently from what it is) are replaced by a visible
 * escape such as {@code \x1b} or {@code \u202e}; everything else is kept.
 */
public final class TerminalText {

    private TerminalText() {
    }

    /** The text with every control character made visible; null stays null. */
    public static String neutralize(String text) {
        if (text == null) {
            return null;
        }
        int i = 0;
        while (i < text.length() && !isUnsafe(text.charAt(i))) {
            i++;
        }
        if (i == text.length()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, i);
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isUnsafe(c)) {
                out.append(c);
            } else if (c <= 0xff) {
                out.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out.toString();
    }

    private static boolean isUnsafe(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)
                || c == 0x200e || c == 0x200f || c == 0x061c;
    }
}
