package io.denywatch.alerts.digest;

import java.time.Duration;
import java.time.Instant;

/**
 * A span of event time a digest covers: {@code [start, end)}.
 */
public record DigestPeriod(Instant start, Instant end) {

    public DigestPeriod {
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("a period must end after it starts: " + start + " to " + end);
        }
    }

    /** The period of {@code length} that ends at {@code end}. */
    public static DigestPeriod endingAt(Instant end, Duration length) {
        return new DigestPeriod(end.minus(length), end);
    }

    public Duration length() {
        return Duration.between(start, end);
    }

    /** The period just before this one, of the same length. */
    public DigestPeriod previous() {
        return new DigestPeriod(start.minus(length()), start);
    }

    public boolean contains(Instant time) {
        return !time.isBefore(start) && time.isBefore(end);
    }
}
