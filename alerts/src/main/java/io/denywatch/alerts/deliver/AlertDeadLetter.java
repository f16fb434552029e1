package io.denywatch.alerts.deliver;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.denywatch.contract.incident.SpikeRecord;

import java.time.Instant;

/**
 * One entry of the alerts dead-letter topic: an incident message a sink refused for good or could not take in time.
 *
 * @param sink     the sink's name
 * @param reason   a stable lower-case code ({@code rejected}, {@code slack_error}, {@code retries_exhausted}, …)
 * @param detail   what the receiver said, cut and cleaned; never the sink's address
 * @param attempts how many times it was tried
 * @param time     when it was dead-lettered
 * @param incident the message as it would have been delivered
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AlertDeadLetter(String sink, String reason, String detail, int attempts, Instant time,
                              SpikeRecord incident) {

    /** Where dead letters go. */
    @FunctionalInterface
    public interface Writer {
        /** Records the dead letter durably; returns only once it is. */
        void write(AlertDeadLetter deadLetter);
    }
}
