package io.denywatch.ingest.pipeline;

/** Kafka did not acknowledge what was sent in time; the work is to be retried, not dropped. */
public final class DeliveryException extends Exception {

    public DeliveryException(String message, Throwable cause) {
        super(message, cause);
    }
}
