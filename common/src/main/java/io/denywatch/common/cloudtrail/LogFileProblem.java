package io.denywatch.common.cloudtrail;

import java.util.Locale;

/**
 * Why a log file, or one record in it, could not be used. Each is permanent: reading the same bytes again gives the
 * same answer, so the file goes to the dead-letter topic instead of back to the queue.
 */
public enum LogFileProblem {
    /** The gzip stream is damaged. */
    CORRUPT_GZIP,
    /** The gzip stream ends before its end marker. */
    TRUNCATED_GZIP,
    /** The content is not well-formed JSON (or breaks the parser's limits, such as nesting depth). */
    INVALID_JSON,
    /** The top level is not a value the reader takes (for delivery files: not a JSON object), or there is none. */
    NOT_AN_OBJECT,
    /** No {@code Records} array at the top level, where only delivery files are taken (an event, NDJSON). */
    NO_RECORDS,
    /** {@code Records} is present but not an array, where only delivery files are taken. */
    RECORDS_NOT_ARRAY,
    /** Decompressed content exceeds the configured bound (a gzip bomb, or a file far beyond CloudTrail's limits). */
    TOO_LARGE_DECOMPRESSED,
    /** One element of {@code Records} (or of an array of events) is not a JSON object. */
    RECORD_NOT_AN_OBJECT,
    /** One record is larger than the configured maximum (CloudTrail's own limit is 256 KB). */
    RECORD_TOO_LARGE,
    /**
     * One EventBridge event that is not CloudTrail's, or one entry of lookup-events output without a
     * {@code CloudTrailEvent} string: it carries no CloudTrail event.
     */
    NOT_A_CLOUDTRAIL_EVENT,
    /** So many elements were rejected one by one that the file is not a log file at all. */
    TOO_MANY_BAD_RECORDS;

    /** The stable lower-case name used in metrics and dead letters. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
