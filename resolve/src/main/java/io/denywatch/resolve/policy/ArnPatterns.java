package io.denywatch.resolve.policy;

import io.denywatch.resolve.Arn;

/**
 * ARN matching for {@code ArnLike} and {@code ArnEquals}: "each of the six colon-delimited components of the ARN is
 * checked separately and each can include multi-character match wildcards (*) or single-character match wildcards
 * (?)" ("IAM JSON policy elements: Condition operators", ARN condition operators). A wildcard never spans a colon
 * between the first five parts. Case-sensitive.
 */
final class ArnPatterns {

    private ArnPatterns() {
    }

    /**
     * Whether the ARN matches the pattern. A value that is not an ARN matches no ARN pattern; a pattern that is not
     * six parts long is unsettled, since AWS does not document how it compares one.
     */
    static Match matches(WildcardPattern pattern, String arn) {
        if (firstColons(pattern.text()) == null) {
            return Match.UNSETTLED;
        }
        boolean[] parts = partMatches(pattern, arn);
        if (parts == null) {
            return Match.NO;
        }
        for (boolean part : parts) {
            if (!part) {
                return Match.NO;
            }
        }
        return Match.YES;
    }

    /**
     * Which of the six parts of the pattern match the ARN's, e.g. all but the region; null when either side does not
     * have six parts.
     */
    static boolean[] partMatches(WildcardPattern pattern, String arn) {
        String text = pattern.text();
        String[] arnParts = arn.split(":", Arn.PARTS);
        int[] colons = firstColons(text);
        if (colons == null || arnParts.length != Arn.PARTS) {
            return null;
        }
        boolean[] matches = new boolean[Arn.PARTS];
        int from = 0;
        for (int part = 0; part < Arn.PARTS; part++) {
            int to = part < Arn.PARTS - 1 ? colons[part] : text.length();
            matches[part] = pattern.slice(from, to).matches(arnParts[part], false);
            from = to + 1;
        }
        return matches;
    }

    private static int[] firstColons(String text) {
        int[] colons = new int[Arn.PARTS - 1];
        int at = -1;
        for (int i = 0; i < colons.length; i++) {
            at = text.indexOf(':', at + 1);
            if (at < 0) {
                return null;
            }
            colons[i] = at;
        }
        return colons;
    }
}
