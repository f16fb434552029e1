package io.denywatch.analyzer.streams;

import io.denywatch.contract.denial.EnrichedDenial;

/**
 * The enricher's output: a denial, or a raw event that could not be read with the reason.
 *
 * @param denial the enriched denial, or null
 * @param counted whether it counts toward windows and incidents (not late, not ignored by a noise rule, not
 *                authentication)
 * @param problem why the raw event could not be read, or null
 * @param raw     the raw event, kept only when it could not be read
 * @param eventTime the event time the record carries, epoch milliseconds
 */
record Classified(EnrichedDenial denial, boolean counted, String problem, byte[] raw, long eventTime) {

    static Classified denial(EnrichedDenial d, boolean counted, long eventTime) {
        return new Classified(d, counted, null, null, eventTime);
    }

    static Classified unreadable(String problem, byte[] raw) {
        return new Classified(null, false, problem, raw, 0);
    }

    boolean isDenial() {
        return denial != null;
    }
}
