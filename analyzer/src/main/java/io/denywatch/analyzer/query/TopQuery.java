package io.denywatch.analyzer.query;

import io.denywatch.common.config.Sizes;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * The parameters of {@code GET /api/top}.
 *
 * @param at    the end of the range, or null for the wall clock
 * @param local whether to answer from this instance's stores alone (set when instances ask one another)
 */
record TopQuery(QueryDimension dimension, Duration range, int limit, Instant at, boolean local) {

    static final Duration DEFAULT_RANGE = Duration.ofHours(1);
    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 1000;

    /** Parses the query parameters; throws {@link IllegalArgumentException} with a message fit for the caller. */
    static TopQuery parse(Map<String, String> params, Duration retention) {
        QueryDimension dimension = QueryDimension.fromId(params.getOrDefault("dimension", "principal"));
        Duration range = params.containsKey("range") ? parseRange(params.get("range")) : DEFAULT_RANGE;
        if (range.compareTo(Duration.ofMinutes(1)) < 0 || range.compareTo(retention) > 0) {
            throw new IllegalArgumentException("range must be between 1m and the counts' retention ("
                    + Sizes.formatDuration(retention) + ", analyzer.query.retention)");
        }
        int limit = params.containsKey("limit") ? parseLimit(params.get("limit")) : DEFAULT_LIMIT;
        Instant at = params.containsKey("at") ? parseInstant(params.get("at")) : null;
        return new TopQuery(dimension, range, limit, at, Boolean.parseBoolean(params.get("local")));
    }

    private static Duration parseRange(String raw) {
        try {
            return Sizes.parseDuration(raw);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("range " + e.getMessage());
        }
    }

    private static int parseLimit(String raw) {
        try {
            int limit = Integer.parseInt(raw.trim());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // falls through to the one message for every bad limit
        }
        throw new IllegalArgumentException("limit must be a whole number between 1 and " + MAX_LIMIT);
    }

    private static Instant parseInstant(String raw) {
        try {
            return Instant.parse(raw.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("at must be an ISO-8601 instant such as 2026-03-02T10:00:00Z");
        }
    }
}
