package io.denywatch.analyzer.query;

import io.denywatch.analyzer.streams.QueryCounts;

import java.util.Locale;

/** What the top list ranks: denied principals (identity ARNs) or denied actions. */
public enum QueryDimension {
    PRINCIPAL(QueryCounts.PRINCIPAL_PREFIX),
    ACTION(QueryCounts.ACTION_PREFIX);

    private final String prefix;

    QueryDimension(String prefix) {
        this.prefix = prefix;
    }

    /** The prefix of this dimension's keys in the counts store. */
    String prefix() {
        return prefix;
    }

    /** The wire name: {@code principal} or {@code action}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name. */
    public static QueryDimension fromId(String id) {
        for (QueryDimension d : values()) {
            if (d.id().equals(id)) {
                return d;
            }
        }
        throw new IllegalArgumentException("dimension must be principal or action");
    }
}
