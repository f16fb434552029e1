package io.denywatch.resolve.policy;

import java.util.BitSet;

/**
 * A policy pattern with IAM's two wildcards: {@code *} matches any run of characters (also none), {@code ?} matches
 * exactly one. Characters that came from a policy variable or from the escapes {@code ${*}}, {@code ${?}} stay
 * literal, so the pattern remembers which of its characters are wildcards.
 *
 * <p>Matching is linear backtracking over the last {@code *}, never a regular expression, so a hostile pattern cannot
 * make it run away. Case-insensitive matching serves actions ("IAM JSON policy elements: Action": action names are
 * not case-sensitive); resources and string conditions match case-sensitively ("IAM JSON policy elements: Resource").
 */
final class WildcardPattern {

    private final String text;
    private final BitSet wildcards;

    private WildcardPattern(String text, BitSet wildcards) {
        this.text = text;
        this.wildcards = wildcards;
    }

    /** Every {@code *} and {@code ?} of the text is a wildcard. */
    static WildcardPattern glob(String text) {
        return builder().glob(text).build();
    }

    /** No character of the text is a wildcard. */
    static WildcardPattern literal(String text) {
        return builder().literal(text).build();
    }

    static Builder builder() {
        return new Builder();
    }

    /** The pattern as written, wildcards and literal characters alike. */
    String text() {
        return text;
    }

    /** True when the pattern is a lone {@code *} wildcard, which matches every value. */
    boolean matchesEverything() {
        return text.length() == 1 && isStar(0);
    }

    boolean matches(String value, boolean ignoreCase) {
        int p = 0;
        int v = 0;
        int lastStar = -1;
        int valueAtLastStar = 0;
        int length = text.length();
        while (v < value.length()) {
            if (p < length && !isStar(p) && (isOne(p) || same(text.charAt(p), value.charAt(v), ignoreCase))) {
                p++;
                v++;
            } else if (p < length && isStar(p)) {
                lastStar = p++;
                valueAtLastStar = v;
            } else if (lastStar >= 0) {
                p = lastStar + 1;
                v = ++valueAtLastStar;
            } else {
                return false;
            }
        }
        while (p < length && isStar(p)) {
            p++;
        }
        return p == length;
    }

    /** The characters from {@code from} to {@code to}, each keeping whether it is a wildcard. */
    WildcardPattern slice(int from, int to) {
        return new WildcardPattern(text.substring(from, to), wildcards.get(from, to));
    }

    private boolean isStar(int i) {
        return wildcards.get(i) && text.charAt(i) == '*';
    }

    private boolean isOne(int i) {
        return wildcards.get(i) && text.charAt(i) == '?';
    }

    private static boolean same(char a, char b, boolean ignoreCase) {
        if (a == b) {
            return true;
        }
        return ignoreCase && (Character.toUpperCase(a) == Character.toUpperCase(b)
                || Character.toLowerCase(a) == Character.toLowerCase(b));
    }

    @Override
    public String toString() {
        return text;
    }

    /** Builds a pattern from pieces that are either globs or literal text. */
    static final class Builder {
        private final StringBuilder text = new StringBuilder();
        private final BitSet wildcards = new BitSet();

        Builder glob(String piece) {
            for (int i = 0; i < piece.length(); i++) {
                char c = piece.charAt(i);
                if (c == '*' || c == '?') {
                    wildcards.set(text.length());
                }
                text.append(c);
            }
            return this;
        }

        Builder literal(String piece) {
            text.append(piece);
            return this;
        }

        WildcardPattern build() {
            return new WildcardPattern(text.toString(), (BitSet) wildcards.clone());
        }
    }
}
