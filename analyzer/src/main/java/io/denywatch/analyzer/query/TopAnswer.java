package io.denywatch.analyzer.query;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.time.Instant;
import java.util.List;

/**
 * The body of {@code GET /api/top}.
 *
 * @param dimension {@code principal} or {@code action}
 * @param range     the range asked for, such as {@code 15m}
 * @param from      start of the range (inclusive)
 * @param to        end of the range (exclusive): the query's "now"
 * @param partial   true when some instance did not answer, so keys it owns are missing from the list
 * @param missing   the {@code host:port} of every instance that did not answer
 * @param top       the most denied keys, most first
 */
@JsonPropertyOrder({"dimension", "range", "from", "to", "limit", "partial", "missing", "top"})
public record TopAnswer(String dimension, String range, Instant from, Instant to, int limit, boolean partial,
                        List<String> missing, List<RankedKey> top) {
}
