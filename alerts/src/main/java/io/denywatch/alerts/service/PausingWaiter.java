package io.denywatch.alerts.service;

import io.denywatch.alerts.deliver.DeliveryAborted;
import io.denywatch.alerts.deliver.Waiter;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits by polling the spike-topic consumer with every partition paused. A sink may be down for many minutes; the
 * consumer keeps its place in the group meanwhile (a plain sleep would exceed {@code max.poll.interval.ms} and cost a
 * rebalance), and a rebalance that takes the message's partition away ends the wait.
 */
final class PausingWaiter implements Waiter {

    private static final Duration SLICE = Duration.ofMillis(500);

    private final Consumer<?, ?> consumer;
    private final TopicPartition partition;
    private final BooleanSupplier running;

    PausingWaiter(Consumer<?, ?> consumer, TopicPartition partition, BooleanSupplier running) {
        this.consumer = consumer;
        this.partition = partition;
        this.running = running;
    }

    @Override
    public void await(Duration duration) throws InterruptedException {
        if (duration.isZero() || duration.isNegative()) {
            return;
        }
        long deadline = System.nanoTime() + duration.toNanos();
        consumer.pause(consumer.assignment());
        try {
            while (true) {
                if (!running.getAsBoolean()) {
                    throw new DeliveryAborted("stopping");
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                ConsumerRecords<?, ?> records = consumer.poll(Duration.ofNanos(Math.min(left, SLICE.toNanos())));
                // Partitions assigned during the wait are not paused yet: put back what they returned.
                for (TopicPartition returned : records.partitions()) {
                    consumer.seek(returned, records.records(returned).get(0).offset());
                }
                consumer.pause(consumer.assignment());
                if (!consumer.assignment().contains(partition)) {
                    throw new DeliveryAborted(partition + " was assigned to another instance");
                }
            }
        } catch (WakeupException e) {
            throw new DeliveryAborted("stopping");
        } finally {
            consumer.resume(consumer.paused());
        }
    }
}
