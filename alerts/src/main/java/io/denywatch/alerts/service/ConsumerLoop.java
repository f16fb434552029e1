package io.denywatch.alerts.service;

import io.denywatch.alerts.deliver.DeliveryAborted;
import io.denywatch.alerts.deliver.Waiter;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads one topic on a thread of its own and hands each record to a {@link Handler}, committing a record's offset
 * only once the handler is done with it. Whatever stops a record midway puts the consumer back on it, so the next
 * poll returns it again: the handler leaving it for later ({@link DeliveryAborted}), Kafka failing under the handler
 * (retried after a pause), a rebalance during the batch, or a stop. A record can therefore reach the handler twice;
 * the handler must know what it already did.
 */
final class ConsumerLoop<K, V> {

    /** What the loop drives; every method runs on the loop's thread. */
    interface Handler<K, V> {

        /** Runs once before subscribing; a failure ends the loop. */
        void start();

        /** Runs before each batch that holds records, with them. */
        void beforeBatch(ConsumerRecords<K, V> records);

        /**
         * Handles one record.
         *
         * @param waiter waits while keeping the partition, and ends the wait with {@link DeliveryAborted} when the
         *               partition goes to another instance or the loop stops
         * @throws DeliveryAborted to leave the record for later: it is neither committed nor skipped
         */
        void handle(ConsumerRecord<K, V> record, Waiter waiter) throws InterruptedException;

        /**
         * Runs after every poll, with or without records.
         *
         * @param share the partitions this instance holds now, for work that belongs to their records
         */
        void afterPoll(Share share) throws InterruptedException;
    }

    /** The partitions this instance holds now, and how to wait while keeping one. */
    interface Share {

        /** True while this instance holds the partition. */
        boolean owns(int partition);

        /** Waits like a record's waiter: ends with {@link DeliveryAborted} when the partition goes elsewhere. */
        Waiter waiterFor(int partition);
    }

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerLoop.class);
    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaConsumer<K, V> consumer;
    private final String topic;
    private final Handler<K, V> handler;
    private final Duration retryAfterKafkaFailure;
    private final Thread thread;
    private final AtomicInteger rebalances = new AtomicInteger();
    /** The last offset committed per partition this instance owns. */
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private volatile boolean running = true;
    private volatile boolean ready;
    private final Share share = new Share() {
        @Override
        public boolean owns(int partition) {
            return consumer.assignment().contains(new TopicPartition(topic, partition));
        }

        @Override
        public Waiter waiterFor(int partition) {
            return new PausingWaiter(consumer, new TopicPartition(topic, partition), () -> running);
        }
    };

    /**
     * @param name                   the thread's name, also used in the log
     * @param consumer               a consumer with auto-commit off; the loop closes it when it ends
     * @param retryAfterKafkaFailure how long to wait before a record whose handling Kafka failed is tried again
     */
    ConsumerLoop(String name, KafkaConsumer<K, V> consumer, String topic, Handler<K, V> handler,
                 Duration retryAfterKafkaFailure) {
        this.consumer = consumer;
        this.topic = topic;
        this.handler = handler;
        this.retryAfterKafkaFailure = retryAfterKafkaFailure;
        this.thread = new Thread(this::run, name);
    }

    void start() {
        thread.start();
    }

    /** True once the handler has started and the consumer is subscribed, until the loop ends. */
    boolean isReady() {
        return ready && thread.isAlive();
    }

    /** Stops after the record in hand (or leaves it to the next start) and waits for the thread to end. */
    void stop() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(STOP_TIMEOUT.toMillis());
    }

    private void run() {
        try {
            handler.start();
            consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    rebalances.incrementAndGet();
                    partitions.forEach(committed::remove);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    rebalances.incrementAndGet();
                    // What the group had committed: a position beyond it with nothing to handle is committed later.
                    consumer.committed(Set.copyOf(partitions)).forEach((partition, offset) ->
                            committed.put(partition, offset == null ? 0L : offset.offset()));
                }
            });
            ready = true;
            while (running) {
                ConsumerRecords<K, V> records = consumer.poll(POLL_TIMEOUT);
                if (!records.isEmpty()) {
                    handler.beforeBatch(records);
                    handleBatch(records);
                } else {
                    commitPositions();
                }
                handler.afterPoll(share);
            }
        } catch (WakeupException | InterruptException | DeliveryAborted e) {
            if (running) {
                LOG.error("{} stopped unexpectedly", thread.getName(), e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("{} stopped: {}", thread.getName(), e.toString(), e);
        } finally {
            ready = false;
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.debug("closing the consumer of {}", topic, e);
            }
        }
    }

    private void handleBatch(ConsumerRecords<K, V> records) throws InterruptedException {
        int generation = rebalances.get();
        List<TopicPartition> partitions = new ArrayList<>(records.partitions());
        for (int p = 0; p < partitions.size(); p++) {
            TopicPartition partition = partitions.get(p);
            List<ConsumerRecord<K, V>> batch = records.records(partition);
            for (int r = 0; r < batch.size(); r++) {
                ConsumerRecord<K, V> record = batch.get(r);
                if (!running || rebalances.get() != generation) {
                    rewind(records, partitions, p, r);
                    return;
                }
                try {
                    handler.handle(record, new PausingWaiter(consumer, partition, () -> running));
                } catch (DeliveryAborted e) {
                    LOG.info("Message at {}@{} left for later: {}", partition, record.offset(), e.getMessage());
                    rewind(records, partitions, p, r);
                    return;
                } catch (WakeupException | InterruptException e) {
                    throw e;
                } catch (RuntimeException e) {
                    // Kafka itself failing under the handler: keep the record, try again shortly.
                    LOG.error("Message at {}@{} not handled, will be tried again: {}", partition, record.offset(),
                            e.toString());
                    rewind(records, partitions, p, r);
                    new PausingWaiter(consumer, partition, () -> running).await(retryAfterKafkaFailure);
                    return;
                }
                commit(partition, record.offset() + 1);
            }
        }
    }

    /**
     * Puts the consumer back on the first record not handled, in this partition and in every later one of the
     * batch, so that the next poll returns them again; partitions no longer assigned are their new owner's.
     */
    private void rewind(ConsumerRecords<K, V> records, List<TopicPartition> partitions, int fromPartition,
                        int fromRecord) {
        Set<TopicPartition> assigned = consumer.assignment();
        for (int p = fromPartition; p < partitions.size(); p++) {
            TopicPartition partition = partitions.get(p);
            if (assigned.contains(partition)) {
                consumer.seek(partition, records.records(partition).get(p == fromPartition ? fromRecord : 0).offset());
            }
        }
    }

    /**
     * Commits the consumer's position where it is past the last commit with nothing left to handle: a topic written
     * in transactions has commit markers after its last record, at offsets no record covers. Without this the group
     * would always look one behind the end of the topic.
     */
    private void commitPositions() {
        for (TopicPartition partition : consumer.assignment()) {
            long position = consumer.position(partition);
            Long last = committed.get(partition);
            if (last != null && position > last) {
                commit(partition, position);
            }
        }
    }

    private void commit(TopicPartition partition, long next) {
        try {
            consumer.commitSync(Map.of(partition, new OffsetAndMetadata(next)));
            committed.put(partition, next);
        } catch (CommitFailedException | RebalanceInProgressException e) {
            // The partition moved on; its new owner re-reads from the last commit, and the handler skips what it did.
            LOG.info("Offset commit for {} refused during a rebalance; the handler's own record covers it", partition);
        }
    }
}
