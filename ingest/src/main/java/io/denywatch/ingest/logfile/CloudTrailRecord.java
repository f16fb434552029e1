package io.denywatch.ingest.logfile;

/**
 * One CloudTrail event as it appeared in its log file: the original bytes, untouched, and the top-level fields that
 * later stages filter on, read while the record streamed past. Any field may be null when the event lacks it or it
 * is not a JSON string.
 *
 * @param index position of the record in the file's {@code Records} array, from 0
 */
public record CloudTrailRecord(
        int index,
        byte[] bytes,
        String eventId,
        String errorCode,
        String eventSource,
        String eventName,
        String eventTime,
        String recipientAccountId) {
}
