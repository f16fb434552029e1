package io.denywatch.common.cloudtrail;

/** Receives the records of a log file in order, as the file streams past. */
public interface RecordSink {

    /** A good record; the sink owns its bytes from now on. */
    void accept(CloudTrailRecord record) throws Exception;

    /** An element that could not be passed on; the rest of the file continues. */
    void reject(RejectedRecord rejected) throws Exception;
}
