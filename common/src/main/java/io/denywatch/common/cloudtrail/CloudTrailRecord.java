package io.denywatch.common.cloudtrail;

/**
 * One CloudTrail event as it appeared in its log file: the original bytes, untouched, and the top-level fields that
 * later stages filter on, read while the record streamed past. Any field may be null when the event lacks it or it
 * is not a JSON string.
 *
 * @param index position of the record among the input's events, from 0: in a delivery file, in its {@code Records}
 *              array
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

    /** The same record with its bytes. */
    public CloudTrailRecord withBytes(byte[] original) {
        return new CloudTrailRecord(index, original, eventId, errorCode, eventSource, eventName, eventTime,
                recipientAccountId);
    }
}
