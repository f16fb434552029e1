package io.denywatch.alerts.deliver;

import io.github.resilience4j.core.IntervalFunction;

import java.time.Duration;

/**
 * Waits between attempts: exponential from {@code initial}, doubling, with ±50 % jitter so that many instances do not
 * retry in step, capped at {@code max}; a receiver's Retry-After is honoured as asked. After {@code giveUpAfter} the
 * message is dead-lettered.
 */
public record RetryPolicy(Duration initial, Duration max, Duration giveUpAfter) {

    /** The wait before attempt {@code attempt + 1}, given the receiver's Retry-After (or {@code null}). */
    public Duration backoff(int attempt, Duration retryAfter) {
        if (retryAfter != null) {
            return retryAfter;
        }
        IntervalFunction f = IntervalFunction.ofExponentialRandomBackoff(initial, 2.0, 0.5, max);
        return Duration.ofMillis(f.apply(Math.max(1, attempt)));
    }
}
