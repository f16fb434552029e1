package io.denywatch.analyzer.classify;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A set of error codes written as a comma-separated list, where an entry may start or end with {@code *}
 * ({@code AccessDenied*}, {@code *UnauthorizedOperation}), the way the CIS metric filter writes them.
 *
 * <p>Matching is exact and case-sensitive, like CloudWatch Logs filters: AWS error codes are identifiers, and
 * guessing at case would make a setting match codes its author never meant. Exact codes are a hash lookup; the
 * few wildcard entries are plain {@code startsWith}/{@code endsWith}/{@code contains}, so no input can make a match
 * slow.
 */
final class CodeList {

    private final Set<String> exact;
    private final String[] prefixes;
    private final String[] suffixes;
    private final String[] infixes;

    private CodeList(Set<String> exact, List<String> prefixes, List<String> suffixes, List<String> infixes) {
        this.exact = Set.copyOf(exact);
        this.prefixes = prefixes.toArray(String[]::new);
        this.suffixes = suffixes.toArray(String[]::new);
        this.infixes = infixes.toArray(String[]::new);
    }

    /**
     * Parses a comma-separated list; blanks around entries and empty entries are ignored.
     *
     * @throws IllegalArgumentException naming the bad entry
     */
    static CodeList parse(String commaSeparated) {
        List<String> entries = new ArrayList<>();
        if (commaSeparated != null) {
            for (String part : commaSeparated.split(",", -1)) {
                String entry = part.trim();
                if (!entry.isEmpty()) {
                    entries.add(entry);
                }
            }
        }
        return of(entries);
    }

    /**
     * Builds the list from entries.
     *
     * @throws IllegalArgumentException naming the bad entry
     */
    static CodeList of(Collection<String> entries) {
        Set<String> exact = new HashSet<>();
        List<String> prefixes = new ArrayList<>();
        List<String> suffixes = new ArrayList<>();
        List<String> infixes = new ArrayList<>();
        for (String raw : entries) {
            String entry = raw.trim();
            String problem = problemWith(entry);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
            boolean leading = entry.startsWith("*");
            boolean trailing = entry.endsWith("*");
            if (leading && trailing) {
                infixes.add(entry.substring(1, entry.length() - 1));
            } else if (leading) {
                suffixes.add(entry.substring(1));
            } else if (trailing) {
                prefixes.add(entry.substring(0, entry.length() - 1));
            } else {
                exact.add(entry);
            }
        }
        return new CodeList(exact, prefixes, suffixes, infixes);
    }

    /** A problem description for a configured list, or null when it parses; for {@code Setting.validatedBy}. */
    static String problem(String commaSeparated) {
        try {
            parse(commaSeparated);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static String problemWith(String entry) {
        if (entry.isEmpty()) {
            return "an error code must not be empty";
        }
        String core = entry;
        if (core.startsWith("*")) {
            core = core.substring(1);
        }
        if (core.endsWith("*")) {
            core = core.substring(0, core.length() - 1);
        }
        if (core.isEmpty()) {
            return "'" + entry + "' would match every error code";
        }
        if (core.indexOf('*') >= 0) {
            return "'" + entry + "': * is allowed only at the start or the end of an error code";
        }
        for (int i = 0; i < core.length(); i++) {
            char c = core.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                return "'" + entry + "' contains whitespace";
            }
        }
        return null;
    }

    boolean matches(String code) {
        if (exact.contains(code)) {
            return true;
        }
        for (String p : prefixes) {
            if (code.startsWith(p)) {
                return true;
            }
        }
        for (String s : suffixes) {
            if (code.endsWith(s)) {
                return true;
            }
        }
        for (String i : infixes) {
            if (code.contains(i)) {
                return true;
            }
        }
        return false;
    }
}
