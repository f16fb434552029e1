package io.denywatch.ingest.pipeline;

/**
 * How one log file ended. Only {@link Retry} keeps the notification on the queue; the others are final and let it be
 * deleted.
 */
public sealed interface FileOutcome {

    /** Every event was acknowledged by Kafka ({@code rejected} elements went to the dead-letter topic). */
    record Ingested(String source, long events, long rejected, long storedBytes, long decompressedBytes)
            implements FileOutcome {
    }

    /** Not an event log file, acknowledged without reading. */
    record Skipped(String source, String reason) implements FileOutcome {
    }

    /** Unusable for good; the dead-letter topic holds the source and the reason. */
    record DeadLettered(String source, String reason, String detail) implements FileOutcome {
    }

    /** Failed for a reason that may pass (storage or Kafka unavailable): try again later. */
    record Retry(String source, String reason, String detail) implements FileOutcome {
    }

    /** Whether the notification naming this file may be deleted. */
    default boolean isFinal() {
        return !(this instanceof Retry);
    }
}
