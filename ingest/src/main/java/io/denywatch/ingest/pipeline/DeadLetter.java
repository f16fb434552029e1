package io.denywatch.ingest.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * One entry of the ingest dead-letter topic: something that could not be used, where it came from and why.
 *
 * @param kind        {@code notification}, {@code file} or {@code record}
 * @param source      {@code s3://bucket/key}, {@code file:...}, or {@code sqs:<queue>#<messageId>}
 * @param reason      stable lower-case reason code
 * @param detail      a human explanation
 * @param recordIndex for a record, its position in the file's {@code Records}
 * @param size        for a record, its size in bytes
 * @param excerpt     the first bytes of the offending content, bounded; enough to investigate, never the whole
 * @param time        when it was dead-lettered
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeadLetter(
        String kind,
        String source,
        String reason,
        String detail,
        Integer recordIndex,
        Long size,
        String excerpt,
        Instant time) {

    public static final String NOTIFICATION = "notification";
    public static final String FILE = "file";
    public static final String RECORD = "record";
}
