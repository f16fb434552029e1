package io.denywatch.resolve.policy;

import java.util.List;

/**
 * How one element of a statement, Action/NotAction or Resource/NotResource, fares against the call.
 *
 * @param element          the element's name as the policy writes it; {@code Resource} also when a statement has
 *                         neither Resource nor NotResource (it then applies to every resource)
 * @param listed           the values the element lists, as written
 * @param match            whether it matches the call
 * @param matchedBy        the listed value that matched, for Action and Resource; null otherwise
 * @param unknownVariables policy variables in the element the record does not show
 */
record ElementMatch(String element, List<String> listed, Match match, String matchedBy,
                    List<String> unknownVariables) {

    ElementMatch {
        listed = List.copyOf(listed);
        unknownVariables = List.copyOf(unknownVariables);
    }

    boolean negative() {
        return element.startsWith("Not");
    }

    /** The element as a short clause for a sentence: the value that matched, or what the Not element lists. */
    String clause() {
        if (listed.isEmpty()) {
            return "no " + element.replace("Not", "") + " element";
        }
        if (matchedBy != null) {
            return element + " " + matchedBy;
        }
        return element + " " + Sentences.list(listed);
    }
}
