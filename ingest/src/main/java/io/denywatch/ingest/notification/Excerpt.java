package io.denywatch.ingest.notification;

/**
 * Caps untrusted text before it goes into an exception or a log line: message bodies and keys can be large, and a
 * line break inside them would forge log lines.
 */
final class Excerpt {

    static final int MAX_CHARS = 200;

    private Excerpt() {
    }

    /** At most {@value #MAX_CHARS} characters of {@code text}, control characters shown as {@code ?}, quoted. */
    static String of(final String text) {
        if (text == null) {
            return "null";
        }
        final int shown = Math.min(text.length(), MAX_CHARS);
        final StringBuilder out = new StringBuilder(shown + 32).append('"');
        for (int i = 0; i < shown; i++) {
            final char c = text.charAt(i);
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        out.append('"');
        if (text.length() > shown) {
            out.append("... (").append(text.length()).append(" chars)");
        }
        return out.toString();
    }
}
