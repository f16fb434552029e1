package io.denywatch.cli.lookup;

import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;

import java.time.Instant;
import java.util.Objects;

/**
 * What to ask CloudTrail's event history for.
 *
 * @param start          earliest event time (inclusive)
 * @param end            latest event time (inclusive)
 * @param attributeKey   the one lookup attribute CloudTrail filters on, or null for every management event
 * @param attributeValue its value
 * @param principal      an identity or session ARN the denials must belong to (filtered here: CloudTrail cannot),
 *                       or null
 * @param maxEvents      how many events at most to read from CloudTrail, denials or not
 */
public record HistoryQuery(Instant start, Instant end, LookupAttributeKey attributeKey, String attributeValue,
                           String principal, int maxEvents) {

    public HistoryQuery {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("the end " + end + " is before the start " + start);
        }
        if (maxEvents < 1) {
            throw new IllegalArgumentException("maxEvents must be at least 1");
        }
        if ((attributeKey == null) != (attributeValue == null)) {
            throw new IllegalArgumentException("a lookup attribute needs both its key and its value");
        }
    }
}
