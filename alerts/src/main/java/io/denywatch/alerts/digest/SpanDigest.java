package io.denywatch.alerts.digest;

import io.denywatch.contract.digest.Digest;
import io.denywatch.contract.incident.SpikeRecord;

import java.time.Instant;
import java.util.Collection;

/**
 * The digest of whatever span a one-shot read covered (a {@code scan} of saved logs), whose period is only known at the
 * end: from the first denial's event time to just after the last. Nothing before the span was read, so there is no
 * previous period to compare with: every pair is new, every change is "new", and the digest says the previous period
 * is not fully known.
 */
public final class SpanDigest {

    private final PeriodCounts counts;
    private final int maxKeys;
    private Instant first;
    private Instant last;

    public SpanDigest(int maxKeys) {
        this.maxKeys = maxKeys;
        this.counts = new PeriodCounts(maxKeys);
    }

    /** Counts one authorization denial. */
    public void add(String principal, String action, DenialCause cause, Instant eventTime) {
        counts.add(principal, action, cause);
        if (eventTime != null) {
            first = first == null || eventTime.isBefore(first) ? eventTime : first;
            last = last == null || eventTime.isAfter(last) ? eventTime : last;
        }
    }

    /** The span's digest, or {@code null} when no denial had a readable event time. */
    public Digest digest(Collection<SpikeRecord> incidents, int top) {
        if (first == null) {
            return null;
        }
        DigestPeriod span = new DigestPeriod(first, last.plusMillis(1));
        return new DigestBuilder(top).build(span, counts, new PeriodCounts(maxKeys), false, incidents);
    }
}
