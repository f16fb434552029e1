package io.denywatch.alerts.deliver;

import java.time.Duration;

/**
 * Waits between delivery attempts. The alerts service waits by polling Kafka with its partitions paused, so it stays
 * in its consumer group however long a sink is down; a one-shot run simply sleeps.
 */
@FunctionalInterface
public interface Waiter {

    /** Sleeps. */
    Waiter SLEEP = duration -> Thread.sleep(Math.max(0, duration.toMillis()));

    /**
     * Waits about {@code duration}.
     *
     * @throws InterruptedException when stopping
     * @throws DeliveryAborted      when the message is no longer this instance's to deliver
     */
    void await(Duration duration) throws InterruptedException;
}
