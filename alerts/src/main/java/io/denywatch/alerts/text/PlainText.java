package io.denywatch.alerts.text;

/**
 * Cleans event-derived text for any single-line destination and cuts it to a length.
 *
 * <p>Event fields are written by whoever made the request (object keys, session names, request parameters quoted in
 * error messages), so they may carry line breaks that fake extra lines, bidirectional overrides that reverse what a
 * reader sees, or zero-width characters that hide differences. Line breaks and tabs become spaces; every other control
 * or format character, and any unpaired surrogate, becomes U+FFFD so the tampering stays visible.
 */
public final class PlainText {

    /** Marks text that was cut. */
    public static final String ELLIPSIS = "\u2026";

    private static final int REPLACEMENT = 0xFFFD;

    private PlainText() {
    }

    /** The text with control and format characters neutralised; {@code null} gives the empty string. */
    public static String clean(String raw) {
        if (raw == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); ) {
            int cp = raw.codePointAt(i);
            i += Character.charCount(cp);
            out.appendCodePoint(neutralise(cp));
        }
        return out.toString();
    }

    /** {@link #clean(String)}, then cut to at most {@code max} characters (the ellipsis included). */
    public static String clean(String raw, int max) {
        return cut(clean(raw), max);
    }

    /** One code point as it may appear in output, for escapers built on this one. */
    public static int neutralise(int cp) {
        if (cp == '\n' || cp == '\r' || cp == '\t' || cp == 0x2028 || cp == 0x2029) {
            return ' ';
        }
        int type = Character.getType(cp);
        if (type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE) {
            return REPLACEMENT;
        }
        return cp;
    }

    /**
     * Cuts text to at most {@code max} characters, ending with an ellipsis when anything was removed; never splits a
     * surrogate pair.
     */
    public static String cut(String text, int max) {
        if (max < ELLIPSIS.length()) {
            throw new IllegalArgumentException("max must leave room for the ellipsis: " + max);
        }
        if (text.length() <= max) {
            return text;
        }
        int end = max - ELLIPSIS.length();
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + ELLIPSIS;
    }
}
