package io.denywatch.common.text;

/**
 * Text that every encoder takes. A Java string may hold a surrogate that is not half of a pair: a JSON escape such as
 * {@code \ud800} in an event carries one in, and cutting a string between the two halves of a pair (an emoji in an
 * object key, say) leaves one. Jackson's Smile writer, which the analyzer's state and repartitions use, refuses such
 * a string, and a record that cannot be written stops a stream task for good.
 */
public final class WellFormed {

    private static final char REPLACEMENT = '\uFFFD';

    private WellFormed() {
    }

    /** The text with every unpaired surrogate replaced by U+FFFD; the same instance when there is none (or null). */
    public static String text(String s) {
        if (s == null) {
            return null;
        }
        int first = firstUnpaired(s);
        if (first < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length()).append(s, 0, first);
        for (int i = first; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.append(c).append(s.charAt(++i));
            } else {
                out.append(Character.isSurrogate(c) ? REPLACEMENT : c);
            }
        }
        return out.toString();
    }

    /** At most {@code max} chars of the text, never ending between the two halves of a pair. */
    public static String cut(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        int end = max > 0 && Character.isHighSurrogate(s.charAt(max - 1)) && Character.isLowSurrogate(s.charAt(max))
                ? max - 1 : max;
        return s.substring(0, end);
    }

    private static int firstUnpaired(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            }
        }
        return -1;
    }
}
