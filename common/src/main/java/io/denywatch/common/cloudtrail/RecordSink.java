package io.denywatch.common.cloudtrail;

/** Receives the records of a log file in order, as the file streams past. */
public interface RecordSink {

    /** A good record; the sink owns its bytes from now on (null when {@link #wantsBytes} said no). */
    void accept(CloudTrailRecord record) throws Exception;

    /**
     * Whether the record with these top-level fields (its bytes still null) is wanted whole. A sink that judges most
     * records by their fields alone, as a scan does, saves copying the bytes of every record it drops.
     */
    default boolean wantsBytes(CloudTrailRecord fields) {
        return true;
    }

    /** An element that could not be passed on; the rest of the file continues. */
    void reject(RejectedRecord rejected) throws Exception;
}
