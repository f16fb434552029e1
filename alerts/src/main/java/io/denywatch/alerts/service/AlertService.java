package io.denywatch.alerts.service;

import io.denywatch.contract.Topics;
import io.denywatch.alerts.config.AlertSettings;
import io.denywatch.alerts.deliver.AlertDeadLetter;
import io.denywatch.alerts.deliver.AlertMetrics;
import io.denywatch.alerts.deliver.DeliveryAborted;
import io.denywatch.alerts.deliver.Dispatcher;
import io.denywatch.alerts.deliver.RetryPolicy;
import io.denywatch.alerts.deliver.RoutedSink;
import io.denywatch.alerts.ledger.Ledger;
import io.denywatch.alerts.ledger.Position;
import io.denywatch.alerts.sink.Sinks;
import io.denywatch.alerts.text.PlainText;
import io.denywatch.contract.incident.SpikeRecord;
import io.denywatch.common.config.Config;
import io.denywatch.common.config.ConfigException;
import io.denywatch.common.http.Health;
import io.denywatch.common.json.Json;
import io.denywatch.common.kafka.KafkaClients;
import io.denywatch.common.kafka.TopicInitializer;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The alerts role: reads the spike topic and hands each incident message to the {@link Dispatcher}, committing a
 * message's offset only once every sink accepted it, did not need it, or had it dead-lettered. What was sent is kept
 * in the ledger topic, so a restart or a rebalance resumes without sending anything twice.
 */
public final class AlertService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertService.class);
    private static final Duration EXPIRY_INTERVAL = Duration.ofMinutes(10);
    private static final Duration RETRY_AFTER_KAFKA_FAILURE = Duration.ofSeconds(5);

    private final String spikesTopic;
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaLedgerStore store;
    private final Ledger ledger;
    private final Dispatcher dispatcher;
    private final String deadLetterTopic;
    private final Duration ledgerRetention;
    private final Clock clock;
    private final Thread thread;
    private final AtomicInteger rebalances = new AtomicInteger();
    /** The last offset committed per partition this instance owns. */
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private volatile boolean running = true;
    private volatile boolean ready;
    private Instant nextExpiry;

    private AlertService(Config config, List<RoutedSink> sinks, AlertMetrics metrics, Clock clock) {
        this.spikesTopic = Topics.SPIKES.in(config);
        this.deadLetterTopic = config.get(AlertSettings.DLQ_TOPIC);
        this.ledgerRetention = config.get(AlertSettings.LEDGER_RETENTION);
        this.clock = clock;
        this.consumer = new KafkaConsumer<>(consumerProperties(config), new StringDeserializer(),
                new ByteArrayDeserializer());
        this.producer = new KafkaProducer<>(producerProperties(config), new ByteArraySerializer(),
                new ByteArraySerializer());
        Map<String, Object> readerProps = KafkaClients.common(config, "denywatch-alerts-ledger");
        readerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        readerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.store = new KafkaLedgerStore(config.get(AlertSettings.LEDGER_TOPIC), producer,
                new KafkaConsumer<>(readerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer()));
        this.ledger = new Ledger(store);
        this.dispatcher = new Dispatcher(sinks, ledger, config.get(AlertSettings.COOLDOWN),
                config.get(AlertSettings.MAX_AGE), new RetryPolicy(config.get(AlertSettings.RETRY_INITIAL),
                config.get(AlertSettings.RETRY_MAX), config.get(AlertSettings.GIVE_UP_AFTER)), this::deadLetter,
                metrics, clock);
        this.thread = new Thread(this::run, "denywatch-alerts");
    }

    /**
     * Creates the alerts topics when missing, loads the ledger and starts consuming.
     *
     * @param console where the console sink prints
     * @throws ConfigException when no sink is configured, or one is half configured
     */
    public static AlertService start(Config config, MeterRegistry registry, Health health, PrintWriter console) {
        List<RoutedSink> sinks = Sinks.fromConfig(config, console, Clock.systemUTC());
        if (sinks.isEmpty()) {
            throw new ConfigException("alerts: no sink is configured; set at least one of " + Sinks.howToConfigure());
        }
        TopicInitializer.ensure(config, List.of(config.get(AlertSettings.DLQ_TOPIC),
                        config.get(AlertSettings.LEDGER_TOPIC), Topics.SPIKES.in(config)),
                Map.of(config.get(AlertSettings.LEDGER_TOPIC), Map.of("cleanup.policy", "compact")));
        AlertService service = new AlertService(config, sinks, new AlertMetrics(registry), Clock.systemUTC());
        health.register("alerts", () -> service.ready && service.thread.isAlive());
        service.thread.start();
        LOG.info("Alerts: delivering incidents from {} to {}", service.spikesTopic,
                sinks.stream().map(RoutedSink::name).toList());
        return service;
    }

    private void run() {
        try {
            store.load(ledger);
            nextExpiry = clock.instant().plus(EXPIRY_INTERVAL);
            consumer.subscribe(List.of(spikesTopic), new ConsumerRebalanceListener() {
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
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofSeconds(1));
                if (!records.isEmpty()) {
                    store.catchUp(ledger);
                    handleBatch(records);
                } else {
                    commitPositions();
                }
                expireOldEntries();
            }
        } catch (WakeupException | InterruptException | DeliveryAborted e) {
            if (running) {
                LOG.error("Alerts stopped unexpectedly", e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("Alerts stopped: {}", e.toString(), e);
        } finally {
            ready = false;
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.debug("closing the spike consumer", e);
            }
        }
    }

    private void handleBatch(ConsumerRecords<String, byte[]> records) throws InterruptedException {
        int generation = rebalances.get();
        List<TopicPartition> partitions = new ArrayList<>(records.partitions());
        for (int p = 0; p < partitions.size(); p++) {
            TopicPartition partition = partitions.get(p);
            List<ConsumerRecord<String, byte[]>> batch = records.records(partition);
            for (int r = 0; r < batch.size(); r++) {
                ConsumerRecord<String, byte[]> record = batch.get(r);
                if (!running || rebalances.get() != generation) {
                    rewind(records, partitions, p, r);
                    return;
                }
                try {
                    handle(record, partition);
                } catch (DeliveryAborted e) {
                    LOG.info("Incident message at {}@{} left for later: {}", partition, record.offset(),
                            e.getMessage());
                    rewind(records, partitions, p, r);
                    return;
                } catch (WakeupException | InterruptException e) {
                    throw e;
                } catch (RuntimeException e) {
                    // Kafka itself failing (the ledger or dead-letter write): keep the message, try again shortly.
                    LOG.error("Incident message at {}@{} not handled, will be tried again: {}", partition,
                            record.offset(), e.toString());
                    rewind(records, partitions, p, r);
                    new PausingWaiter(consumer, partition, () -> running).await(RETRY_AFTER_KAFKA_FAILURE);
                    return;
                }
                commit(partition, record.offset() + 1);
            }
        }
    }

    /**
     * Puts the consumer back on the first message not handled, in this partition and in every later one of the
     * batch, so that the next poll returns them again; partitions no longer assigned are their new owner's.
     */
    private void rewind(ConsumerRecords<String, byte[]> records, List<TopicPartition> partitions, int fromPartition,
                        int fromRecord) {
        Set<TopicPartition> assigned = consumer.assignment();
        for (int p = fromPartition; p < partitions.size(); p++) {
            TopicPartition partition = partitions.get(p);
            if (assigned.contains(partition)) {
                consumer.seek(partition, records.records(partition).get(p == fromPartition ? fromRecord : 0).offset());
            }
        }
    }

    private void handle(ConsumerRecord<String, byte[]> record, TopicPartition partition) throws InterruptedException {
        SpikeRecord spike;
        try {
            spike = Json.mapper().readValue(record.value(), SpikeRecord.class);
            if (spike.incidentId() == null || spike.state() == null) {
                throw new IOException("incidentId or state missing");
            }
        } catch (IOException | RuntimeException e) {
            deadLetter(new AlertDeadLetter("none", "unreadable", partition + "@" + record.offset() + ": "
                    + PlainText.clean(String.valueOf(e.getMessage()), 300), 0, clock.instant(), null));
            return;
        }
        dispatcher.handle(spike, new Position(record.partition(), record.offset()),
                Instant.ofEpochMilli(record.timestamp()), new PausingWaiter(consumer, partition, () -> running));
    }

    /**
     * Commits the consumer's position where it is past the last commit with nothing left to handle: the analyzer
     * writes spikes in transactions, and the commit markers after the last record take offsets that no record covers.
     * Without this the group would always look one behind the end of the topic.
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
            // The partition moved on; its new owner re-reads from the last commit, and the ledger skips what was sent.
            LOG.info("Offset commit for {} refused during a rebalance; the ledger covers it", partition);
        }
    }

    private void deadLetter(AlertDeadLetter deadLetter) {
        byte[] key = deadLetter.incident() == null ? null
                : deadLetter.incident().incidentId().getBytes(StandardCharsets.UTF_8);
        try {
            producer.send(new ProducerRecord<>(deadLetterTopic, key, Json.bytes(deadLetter))).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot write to the alerts dead-letter topic " + deadLetterTopic,
                    e.getCause());
        }
    }

    private void expireOldEntries() {
        Instant now = clock.instant();
        if (now.isAfter(nextExpiry)) {
            int forgotten = ledger.expire(now, ledgerRetention);
            if (forgotten > 0) {
                LOG.info("Alert ledger: forgot {} incident(s) older than {}", forgotten, ledgerRetention);
            }
            nextExpiry = now.plus(EXPIRY_INTERVAL);
        }
    }

    /** True once the ledger is loaded and the consumer is running. */
    public boolean isReady() {
        return ready;
    }

    /** Stops after the message in hand (or leaves it to the next start), then closes the clients. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(Duration.ofSeconds(30).toMillis());
        store.close();
    }

    private static Map<String, Object> consumerProperties(Config config) {
        Map<String, Object> props = KafkaClients.common(config, "denywatch-alerts");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.get(AlertSettings.GROUP_ID));
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // The analyzer writes spikes in transactions: only committed ones are incidents.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
        return props;
    }

    private static Map<String, Object> producerProperties(Config config) {
        Map<String, Object> props = KafkaClients.common(config, "denywatch-alerts");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return props;
    }
}
