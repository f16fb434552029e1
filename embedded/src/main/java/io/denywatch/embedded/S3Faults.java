package io.denywatch.embedded;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Faults {@link EmbeddedS3} injects into GetObject, for tests of how a reader copes with a slow or overloaded S3.
 *
 * <p>The faults happen on the server side, inside S3Proxy's request handling, so the client sees them over HTTP
 * exactly as it would from AWS: a response that takes long to start, or an S3 error document with a 5xx status
 * that the SDK's retry policy acts on. Settings apply to requests that arrive after they are made and are safe to
 * change from any thread.
 */
public final class S3Faults {

    /** An error S3 answers when it cannot serve a request right now; all of them are retryable. */
    public enum Failure {
        /** 500 InternalError. */
        INTERNAL_ERROR(500, "InternalError", "We encountered an internal error. Please try again."),
        /** 503 SlowDown, S3's throttling answer. */
        SLOW_DOWN(503, "SlowDown", "Please reduce your request rate."),
        /** 503 ServiceUnavailable. */
        SERVICE_UNAVAILABLE(503, "ServiceUnavailable", "Service is unable to handle request.");

        private final int status;
        private final String code;
        private final String message;

        Failure(int status, String code, String message) {
            this.status = status;
            this.code = code;
            this.message = message;
        }

        /** The HTTP status. */
        public int status() {
            return status;
        }

        /** The S3 error code in the error document. */
        public String code() {
            return code;
        }

        S3Exception toException() {
            // S3Proxy renders an exception carrying an error code as an S3 error document with that status.
            return (S3Exception) S3Exception.builder()
                    .statusCode(status)
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build())
                    .message(message)
                    .build();
        }
    }

    private record PendingFailures(int remaining, Failure failure) {
        static final PendingFailures NONE = new PendingFailures(0, Failure.SLOW_DOWN);

        PendingFailures consumeOne() {
            return remaining > 0 ? new PendingFailures(remaining - 1, failure) : this;
        }
    }

    private final AtomicReference<Duration> getObjectDelay = new AtomicReference<>(Duration.ZERO);
    private final AtomicReference<PendingFailures> pending = new AtomicReference<>(PendingFailures.NONE);
    private final AtomicInteger failuresServed = new AtomicInteger();
    private final Map<String, PendingFailures> perKey = new ConcurrentHashMap<>();

    S3Faults() {
    }

    /** Holds every GetObject for {@code delay} before it is answered; {@link Duration#ZERO} turns it off. */
    public void delayGetObject(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative: " + delay);
        }
        getObjectDelay.set(delay);
    }

    /** Answers the next {@code count} GetObject requests with {@code failure} instead of the object. */
    public void failNextGetObjects(int count, Failure failure) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        pending.set(new PendingFailures(count, Objects.requireNonNull(failure, "failure")));
    }

    /** How many GetObject requests were answered with an injected error since the last {@link #reset()}. */
    public int getObjectFailuresServed() {
        return failuresServed.get();
    }

    /**
     * Makes the next {@code count} GetObject requests for one key fail, whatever other keys are asked for meanwhile:
     * for tests where one file of several must fail.
     */
    public void failGetObjectsOfKey(String key, int count, Failure failure) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        perKey.put(Objects.requireNonNull(key, "key"), new PendingFailures(count, Objects.requireNonNull(failure)));
    }

    /** Removes every fault and zeroes the counter. */
    public void reset() {
        getObjectDelay.set(Duration.ZERO);
        pending.set(PendingFailures.NONE);
        perKey.clear();
        failuresServed.set(0);
    }

    /** Applies the faults to one GetObject; called on the S3Proxy thread serving it. */
    void beforeGetObject(String key) {
        pause(getObjectDelay.get());
        Failure[] due = new Failure[1];
        perKey.computeIfPresent(key, (k, p) -> {
            if (p.remaining() == 0) {
                return null;
            }
            due[0] = p.failure();
            return p.consumeOne();
        });
        if (due[0] != null) {
            failuresServed.incrementAndGet();
            throw due[0].toException();
        }
        PendingFailures before = pending.getAndUpdate(PendingFailures::consumeOne);
        if (before.remaining() > 0) {
            failuresServed.incrementAndGet();
            throw before.failure().toException();
        }
    }

    private static void pause(Duration delay) {
        if (delay.isZero()) {
            return;
        }
        try {
            TimeUnit.NANOSECONDS.sleep(delay.toNanos());
        } catch (InterruptedException e) {
            // Jetty interrupts its threads when it stops; answer at once and let the stop proceed.
            Thread.currentThread().interrupt();
        }
    }
}
