package io.denywatch.resolve.policy;

/**
 * ARN matching for {@code ArnLike} and {@code ArnEquals}: "each of the six colon-delimited components of the ARN is
 * checked separately and each can include multi-character match wildcards (*) or single-character match wildcards
 * (?)" ("IAM JSON policy elements: Condition operators", ARN condition operators). A wildcard never spans a colon
 * between the first five parts. Case-sensitive.
 */
final class ArnPatterns {

    private ArnPatterns() {
    }

    static boolean matches(WildcardPattern pattern, String arn) {
        boolean[] parts = partMatches(pattern, arn);
        if (parts == null) {
            // Not six parts on one side: fall back to matching the whole text, e.g. a lone "*".
            return pattern.matches(arn, false);
        }
        for (boolean part : parts) {
            if (!part) {
                return false;
            }
        }
        return true;
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
