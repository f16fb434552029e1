package io.denywatch.analyzer.query;

/**
 * One line of a top list.
 *
 * @param rank  1 for the most denied
 * @param key   the principal's identity ARN or the action
 * @param count denials in the range
 */
public record RankedKey(int rank, String key, long count) {
}
