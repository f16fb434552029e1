package io.denywatch.alerts.service;

import io.denywatch.alerts.config.AlertSettings;
import io.denywatch.alerts.deliver.AlertDeadLetter;
import io.denywatch.alerts.deliver.AlertMetrics;
import io.denywatch.alerts.deliver.DeliveryAborted;
import io.denywatch.alerts.deliver.RetryPolicy;
import io.denywatch.alerts.deliver.RoutedSink;
import io.denywatch.alerts.digest.DigestBuilder;
import io.denywatch.alerts.digest.DigestDelivery;
import io.denywatch.alerts.digest.DigestLedger;
import io.denywatch.alerts.digest.DigestPeriod;
import io.denywatch.alerts.digest.DigestSchedule;
import io.denywatch.alerts.digest.DenialsRead;
import io.denywatch.alerts.digest.TopicDigestSource;
import io.denywatch.common.config.Config;
import io.denywatch.common.json.Json;
import io.denywatch.common.kafka.KafkaClients;
import io.denywatch.contract.digest.Digest;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * Sends each period's digest once per sink, from whichever alerts instance holds the digest ledger's first partition.
 *
 * <p>The instances share a consumer group on the digest ledger topic only to elect the sender: the one assigned
 * partition 0 reads the ledger from the start (what every earlier sender recorded), then, once a period has ended,
 * builds the digest from the denial and spike topics and delivers it to each sink not done with it, recording each
 * sink's outcome before trying the next. A restart or a move to another instance resumes with the sinks still
 * waiting. While it waits between attempts it keeps polling, so it keeps its place in the group.
 *
 * <p>A digest is sent when its period has ended and for up to a day after (or one period, when shorter): a role that
 * was down over the boundary catches up. A period that ended before the deployment's first sender started (recorded
 * once in the ledger) is never sent: a new deployment does not open with last week's digest.
 */
final class DigestService {

    private static final Logger LOG = LoggerFactory.getLogger(DigestService.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration CATCH_UP = Duration.ofDays(1);
    private static final Duration RETRY_AFTER_FAILURE = Duration.ofMinutes(1);

    private final String topic;
    private final TopicPartition ledgerPartition;
    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final DigestLedger ledger;
    private final DigestDelivery delivery;
    private final DigestSchedule schedule;
    private final TopicDigestSource source;
    private final DigestBuilder builder;
    private final Clock clock;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean owner;
    private long loadedUpTo = -1;
    private volatile Long loadEnd;
    private Digest built;
    private Instant nextAttempt = Instant.MIN;

    DigestService(Config config, KafkaProducer<byte[], byte[]> producer, List<RoutedSink> sinks, RetryPolicy retry,
                  AlertDeadLetter.Writer deadLetters, AlertMetrics metrics, Clock clock) {
        this.topic = config.get(AlertSettings.DIGEST_TOPIC);
        this.ledgerPartition = new TopicPartition(topic, 0);
        this.producer = producer;
        this.clock = clock;
        this.ledger = new DigestLedger(this::write);
        this.delivery = new DigestDelivery(sinks, ledger, retry, deadLetters, metrics, clock);
        this.schedule = AlertSettings.digestSchedule(config);
        this.source = new TopicDigestSource(config, config.get(AlertSettings.DIGEST_MAX_KEYS));
        this.builder = new DigestBuilder(config.get(AlertSettings.DIGEST_TOP));
        Map<String, Object> props = KafkaClients.common(config, "denywatch-alerts-digest");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.get(AlertSettings.GROUP_ID) + "-digest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "denywatch-alerts-digest");
    }

    void start() {
        thread.start();
        LOG.info("Digest: every {} from {}, next due {}", schedule.length(), schedule.anchor(),
                schedule.nextBoundary(clock.instant()));
    }

    /** True while this instance is the one that sends digests and has read what was sent before. */
    boolean isSender() {
        return owner && loadEnd == null;
    }

    void stop() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(Duration.ofSeconds(30).toMillis());
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    if (partitions.contains(ledgerPartition)) {
                        owner = false;
                    }
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    if (partitions.contains(ledgerPartition)) {
                        // Read everything any earlier sender recorded before sending anything.
                        consumer.seekToBeginning(List.of(ledgerPartition));
                        loadEnd = consumer.endOffsets(List.of(ledgerPartition)).get(ledgerPartition);
                        owner = true;
                    }
                }
            });
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    apply(record);
                }
                if (owner && loadEnd != null && consumer.position(ledgerPartition) >= loadEnd) {
                    LOG.info("Digest ledger loaded: {} deliveries known; this instance sends the digests",
                            ledger.size());
                    ledger.recordFirstStart(clock.instant());
                    loadEnd = null;
                }
                if (isSender()) {
                    sendIfDue();
                }
            }
        } catch (WakeupException | InterruptException e) {
            // stopping
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("Digest sender stopped", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void sendIfDue() throws InterruptedException {
        Instant now = clock.instant();
        DigestPeriod period = schedule.lastCompleted(now);
        Duration catchUp = period.length().compareTo(CATCH_UP) < 0 ? period.length() : CATCH_UP;
        Instant firstStart = ledger.firstStart();
        if (now.isBefore(nextAttempt) || !now.isBefore(period.end().plus(catchUp))
                || (firstStart != null && !period.end().isAfter(firstStart))
                || delivery.done(Digest.idFor(period.start()))) {
            return;
        }
        try {
            if (built == null || !built.periodStart().equals(period.start())) {
                DenialsRead read = source.read(period);
                built = builder.build(period, read.current(), read.previous(), read.previousComplete(),
                        read.incidents());
            }
            delivery.deliver(built, new PausingWaiter(consumer, ledgerPartition, () -> running));
        } catch (DeliveryAborted e) {
            LOG.info("Digest {} left for later: {}", Digest.idFor(period.start()), e.getMessage());
        } catch (WakeupException | InterruptException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.error("Digest {} not sent, will be tried again in {}: {}", Digest.idFor(period.start()),
                    RETRY_AFTER_FAILURE, e.toString());
            nextAttempt = now.plus(RETRY_AFTER_FAILURE);
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            return;
        }
        try {
            ledger.apply(Json.mapper().readValue(record.value(), DigestLedger.Entry.class));
        } catch (IOException e) {
            LOG.warn("Ignoring an unreadable digest ledger record at {}-{}@{}", record.topic(), record.partition(),
                    record.offset());
        }
    }

    /** Records one sink's outcome in the ledger's first partition, where the next sender will read it. */
    private void write(DigestLedger.Entry entry) {
        try {
            producer.send(new ProducerRecord<>(topic, 0, entry.key().getBytes(StandardCharsets.UTF_8),
                    Json.bytes(entry))).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot record digest delivery in " + topic, e.getCause());
        }
    }
}
