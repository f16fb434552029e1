package io.denywatch.alerts.digest;

import java.time.Duration;
import java.time.Instant;

/**
 * When digests are due: periods of a fixed length laid end to end from an anchor instant (by default a Monday 09:00
 * UTC, so a weekly digest covers Monday 09:00 to Monday 09:00). Lengths that divide a week keep the weekday.
 *
 * @param anchor any period boundary
 * @param length every period's length
 */
public record DigestSchedule(Instant anchor, Duration length) {

    public DigestSchedule {
        if (length.isNegative() || length.isZero()) {
            throw new IllegalArgumentException("the digest period must be positive: " + length);
        }
    }

    /** The last period that has ended at {@code now}: the one whose digest is due. */
    public DigestPeriod lastCompleted(Instant now) {
        long lengthMillis = length.toMillis();
        long sinceAnchor = now.toEpochMilli() - anchor.toEpochMilli();
        long periods = Math.floorDiv(sinceAnchor, lengthMillis);
        Instant end = anchor.plusMillis(periods * lengthMillis);
        return DigestPeriod.endingAt(end, length);
    }

    /** When the period after the last completed one ends: the next time a digest is due. */
    public Instant nextBoundary(Instant now) {
        return lastCompleted(now).end().plus(length);
    }
}
