package io.denywatch.alerts.service;

import io.denywatch.contract.Topics;
import io.denywatch.alerts.config.AlertSettings;
import io.denywatch.alerts.deliver.AlertDeadLetter;
import io.denywatch.alerts.deliver.AlertMetrics;
import io.denywatch.alerts.deliver.Dispatcher;
import io.denywatch.alerts.deliver.RetryPolicy;
import io.denywatch.alerts.deliver.RoutedSink;
import io.denywatch.alerts.deliver.Waiter;
import io.denywatch.alerts.ledger.Ledger;
import io.denywatch.alerts.ledger.Position;
import io.denywatch.alerts.resolve.IncidentLookup;
import io.denywatch.alerts.sink.DigestSink;
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
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InterruptException;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * The alerts role: reads the spike topic and hands each incident message to the {@link Dispatcher}, through a
 * {@link ConsumerLoop} that commits a message's offset only once every sink accepted it, did not need it, or had it
 * dead-lettered. What was sent is kept in the ledger topic, so a restart or a rebalance resumes without sending
 * anything twice.
 */
public final class AlertService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertService.class);
    private static final Duration EXPIRY_INTERVAL = Duration.ofMinutes(10);
    private static final Duration RETRY_AFTER_KAFKA_FAILURE = Duration.ofSeconds(5);

    private final String spikesTopic;
    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaLedgerStore store;
    private final Ledger ledger;
    private final Dispatcher dispatcher;
    private final String deadLetterTopic;
    private final Duration ledgerRetention;
    private final Clock clock;
    private final ConsumerLoop<String, byte[]> loop;
    /** Sends the periodic digest; null when it is off or no sink takes one. */
    private final DigestService digests;
    private Instant nextExpiry;

    private AlertService(Config config, List<RoutedSink> sinks, AlertMetrics metrics, Clock clock,
                         IncidentLookup lookup) {
        this.spikesTopic = Topics.SPIKES.in(config);
        this.deadLetterTopic = config.get(AlertSettings.DLQ_TOPIC);
        this.ledgerRetention = config.get(AlertSettings.LEDGER_RETENTION);
        this.clock = clock;
        this.producer = new KafkaProducer<>(producerProperties(config), new ByteArraySerializer(),
                new ByteArraySerializer());
        Map<String, Object> readerProps = KafkaClients.common(config, "denywatch-alerts-ledger");
        readerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        readerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.store = new KafkaLedgerStore(config.get(AlertSettings.LEDGER_TOPIC), producer,
                new KafkaConsumer<>(readerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer()));
        this.ledger = new Ledger(store);
        RetryPolicy retry = new RetryPolicy(config.get(AlertSettings.RETRY_INITIAL),
                config.get(AlertSettings.RETRY_MAX), config.get(AlertSettings.GIVE_UP_AFTER));
        this.dispatcher = new Dispatcher(sinks, ledger, config.get(AlertSettings.COOLDOWN),
                config.get(AlertSettings.MAX_AGE), retry, this::deadLetter, metrics, clock, lookup,
                config.get(AlertSettings.RESOLVE_WAIT));
        this.digests = digestsOn(config, sinks)
                ? new DigestService(config, producer, sinks, retry, this::deadLetter, metrics, clock) : null;
        this.loop = new ConsumerLoop<>("denywatch-alerts", new KafkaConsumer<>(consumerProperties(config),
                new StringDeserializer(), new ByteArrayDeserializer()), spikesTopic, new Incidents(),
                RETRY_AFTER_KAFKA_FAILURE);
    }

    /**
     * Creates the alerts topics when missing, loads the ledger and starts consuming.
     *
     * @param console where the console sink prints
     * @throws ConfigException when no sink is configured, or one is half configured
     */
    public static AlertService start(Config config, MeterRegistry registry, Health health, PrintWriter console) {
        return start(config, registry, health, console, Clock.systemUTC());
    }

    /**
     * {@link #start(Config, MeterRegistry, Health, PrintWriter)} on the given clock, which decides when digests are due.
     */
    public static AlertService start(Config config, MeterRegistry registry, Health health, PrintWriter console,
                                     Clock clock) {
        return start(config, registry, health, console, clock, IncidentLookup.NONE);
    }

    /**
     * {@link #start(Config, MeterRegistry, Health, PrintWriter, Clock)}, looking up the statements behind each new
     * incident with {@code lookup}: the announcement waits up to {@code alerts.resolve.wait} for the answer, and a
     * later answer is followed up in every sink that delivered the incident.
     *
     * @param lookup {@link IncidentLookup#NONE} for no lookups
     */
    public static AlertService start(Config config, MeterRegistry registry, Health health, PrintWriter console,
                                     Clock clock, IncidentLookup lookup) {
        List<RoutedSink> sinks = Sinks.fromConfig(config, console, clock);
        if (sinks.isEmpty()) {
            throw new ConfigException("alerts: no sink is configured; set at least one of " + Sinks.howToConfigure());
        }
        TopicInitializer.ensure(config, List.of(config.get(AlertSettings.DLQ_TOPIC),
                        config.get(AlertSettings.LEDGER_TOPIC), config.get(AlertSettings.DIGEST_TOPIC),
                        Topics.SPIKES.in(config)),
                Map.of(config.get(AlertSettings.LEDGER_TOPIC), Map.of("cleanup.policy", "compact"),
                        config.get(AlertSettings.DIGEST_TOPIC), Map.of("cleanup.policy", "compact")));
        AlertService service = new AlertService(config, sinks, new AlertMetrics(registry), clock, lookup);
        health.register("alerts", service::isReady);
        service.loop.start();
        if (service.digests != null) {
            service.digests.start();
        }
        LOG.info("Alerts: delivering incidents from {} to {}", service.spikesTopic,
                sinks.stream().map(RoutedSink::name).toList());
        return service;
    }

    /** The alert logic the consumer loop drives: the ledger kept current, each incident message dispatched. */
    private final class Incidents implements ConsumerLoop.Handler<String, byte[]> {

        @Override
        public void start() {
            store.load(ledger);
            nextExpiry = clock.instant().plus(EXPIRY_INTERVAL);
        }

        @Override
        public void beforeBatch(ConsumerRecords<String, byte[]> records) {
            store.catchUp(ledger);
            // The batch's new incidents are looked up together, so their announcements share one wait.
            List<Dispatcher.Incoming> incoming = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> record : records) {
                SpikeRecord spike = readable(record);
                if (spike != null) {
                    incoming.add(new Dispatcher.Incoming(spike, new Position(record.partition(), record.offset()),
                            Instant.ofEpochMilli(record.timestamp())));
                }
            }
            dispatcher.prepare(incoming);
        }

        /** The incident message, or null when it cannot be read (handle dead-letters it). */
        private SpikeRecord readable(ConsumerRecord<String, byte[]> record) {
            try {
                SpikeRecord spike = Json.mapper().readValue(record.value(), SpikeRecord.class);
                return spike.incidentId() == null || spike.state() == null ? null : spike;
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }

        @Override
        public void handle(ConsumerRecord<String, byte[]> record, Waiter waiter) throws InterruptedException {
            SpikeRecord spike;
            try {
                spike = Json.mapper().readValue(record.value(), SpikeRecord.class);
                if (spike.incidentId() == null || spike.state() == null) {
                    throw new IOException("incidentId or state missing");
                }
            } catch (IOException | RuntimeException e) {
                String at = record.topic() + "-" + record.partition() + "@" + record.offset();
                deadLetter(new AlertDeadLetter("none", "unreadable", at + ": "
                        + PlainText.clean(String.valueOf(e.getMessage()), 300), 0, clock.instant(), null));
                return;
            }
            dispatcher.handle(spike, new Position(record.partition(), record.offset()),
                    Instant.ofEpochMilli(record.timestamp()), waiter);
        }

        @Override
        public void afterPoll(ConsumerLoop.Share share) throws InterruptedException {
            expireOldEntries();
            try {
                dispatcher.followUp(share::owns, share::waiterFor);
            } catch (WakeupException | InterruptException e) {
                throw e;
            } catch (RuntimeException e) {
                // The ledger could not be written: what is owed stays owed, and the next round takes it up.
                LOG.error("Follow-ups interrupted, will be tried again: {}", e.toString());
            }
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

    /** The digest is on, and some configured sink takes one (PagerDuty does not). */
    private static boolean digestsOn(Config config, List<RoutedSink> sinks) {
        if (!config.get(AlertSettings.DIGEST_ENABLED)) {
            return false;
        }
        if (sinks.stream().noneMatch(s -> s.sink() instanceof DigestSink)) {
            LOG.info("Digest: no configured sink takes one (PagerDuty does not), so none is sent");
            return false;
        }
        return true;
    }

    /** True while this instance is the one sending digests and has read what was sent before. */
    public boolean isDigestSender() {
        return digests != null && digests.isSender();
    }

    /** True once the ledger is loaded and the consumer is running. */
    public boolean isReady() {
        return loop.isReady();
    }

    /** Stops after the message in hand (or leaves it to the next start), then closes the clients. */
    @Override
    public void close() throws InterruptedException {
        if (digests != null) {
            digests.stop();
        }
        loop.stop();
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
