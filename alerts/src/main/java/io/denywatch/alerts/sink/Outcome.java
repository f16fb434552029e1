package io.denywatch.alerts.sink;

import java.time.Duration;
import java.util.Map;

/** How one delivery attempt went. */
public sealed interface Outcome {

    /** The sink took the message; {@code reference} is what later messages of the incident need (may be empty). */
    record Accepted(Map<String, String> reference) implements Outcome {
        public Accepted {
            reference = reference == null ? Map.of() : Map.copyOf(reference);
        }

        public static Accepted plain() {
            return new Accepted(Map.of());
        }
    }

    /** The sink chose not to show this message (an update too small for a channel); nothing to retry. */
    record NotNeeded(String why) implements Outcome {
    }

    /**
     * The attempt failed in a way that may pass: try again later.
     *
     * @param reason     a short stable code for metrics ({@link FailureReason})
     * @param retryAfter the wait the receiver asked for, or {@code null}
     * @param detail     what happened, for logs; never holds the sink's address
     */
    record Retry(FailureReason reason, Duration retryAfter, String detail) implements Outcome {
    }

    /** The receiver refused the message for good: sending it again would fail the same way. */
    record Rejected(FailureReason reason, String detail) implements Outcome {
    }
}
