package io.denywatch.resolve.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Fills policy variables into a Resource or condition value, following "IAM policy elements: Variables and tags":
 * {@code ${aws:username}}, {@code ${aws:PrincipalTag/team}} and the like take the value the record shows;
 * {@code ${key, 'default'}} falls back to its default; {@code ${*}}, {@code ${?}} and {@code ${$}} stand for a literal
 * {@code *}, {@code ?} and {@code $}. Substituted text is literal: a {@code *} inside a user name is no wildcard.
 * A variable the record does not show, with no default, leaves the value unsettled: the caller must answer "cannot
 * tell", never a match or a miss.
 */
final class PolicyVariables {

    private PolicyVariables() {
    }

    /**
     * The value with its variables filled in.
     *
     * @param pattern          the value as a pattern; meaningful only when {@code unknownVariables} is empty
     * @param unknownVariables the variables the record does not show, as written in the policy
     */
    record Filled(WildcardPattern pattern, List<String> unknownVariables) {
        boolean settled() {
            return unknownVariables.isEmpty();
        }
    }

    static Filled fill(String value, RequestContext context) {
        WildcardPattern.Builder pattern = WildcardPattern.builder();
        List<String> unknown = new ArrayList<>();
        int at = 0;
        while (at < value.length()) {
            int open = value.indexOf("${", at);
            int close = open < 0 ? -1 : value.indexOf('}', open + 2);
            if (open < 0 || close < 0) {
                pattern.glob(value.substring(at));
                break;
            }
            pattern.glob(value.substring(at, open));
            String inside = value.substring(open + 2, close).trim();
            Optional<String> replacement = replacement(inside, context);
            if (replacement.isPresent()) {
                pattern.literal(replacement.get());
            } else {
                unknown.add("${" + inside + "}");
            }
            at = close + 1;
        }
        return new Filled(pattern.build(), List.copyOf(unknown));
    }

    private static Optional<String> replacement(String inside, RequestContext context) {
        if (inside.equals("*") || inside.equals("?") || inside.equals("$")) {
            return Optional.of(inside);
        }
        int comma = inside.indexOf(',');
        String key = comma < 0 ? inside : inside.substring(0, comma).trim();
        Optional<String> shown = context.value(key);
        if (shown.isPresent() || comma < 0) {
            return shown;
        }
        return Optional.of(unquote(inside.substring(comma + 1).trim()));
    }

    private static String unquote(String text) {
        if (text.length() >= 2 && text.startsWith("'") && text.endsWith("'")) {
            return text.substring(1, text.length() - 1);
        }
        return text;
    }
}
