package io.denywatch.alerts.deliver;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;

import java.time.Duration;

/**
 * Spaces the messages to one sink evenly: at most {@code perMinute}, one at a time, so a burst of incidents never
 * trips a receiver's own limit (Slack's incoming webhooks allow about one message a second).
 */
public final class Pacer {

    /** No pacing. */
    public static final Pacer UNLIMITED = new Pacer(null);

    private final RateLimiter limiter;

    private Pacer(RateLimiter limiter) {
        this.limiter = limiter;
    }

    /** A pacer for {@code perMinute} messages a minute; 0 means unlimited. */
    public static Pacer perMinute(String sink, int perMinute) {
        if (perMinute <= 0) {
            return UNLIMITED;
        }
        RateLimiterConfig config = RateLimiterConfig.custom()
                .limitForPeriod(1)
                .limitRefreshPeriod(Duration.ofNanos(Duration.ofMinutes(1).toNanos() / perMinute))
                // Reservations are never refused; the caller waits in its own way (see Waiter).
                .timeoutDuration(Duration.ofDays(1))
                .build();
        return new Pacer(RateLimiter.of(sink, config));
    }

    /** Takes the next slot and says how long to wait for it. */
    public Duration reserve() {
        if (limiter == null) {
            return Duration.ZERO;
        }
        long nanos = limiter.reservePermission();
        return nanos <= 0 ? Duration.ZERO : Duration.ofNanos(nanos);
    }
}
