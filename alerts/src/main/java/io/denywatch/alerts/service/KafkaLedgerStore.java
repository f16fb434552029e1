package io.denywatch.alerts.service;

import io.denywatch.alerts.ledger.IncidentEntry;
import io.denywatch.alerts.ledger.Ledger;
import io.denywatch.common.json.Json;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * The ledger kept in a compacted Kafka topic keyed by incident id: written synchronously on every change, read from
 * the start when the service starts, and caught up before each batch so that an instance taking over partitions sees
 * what the previous owner sent.
 */
final class KafkaLedgerStore implements Ledger.Store, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaLedgerStore.class);

    private final String topic;
    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaConsumer<byte[], byte[]> reader;

    KafkaLedgerStore(String topic, KafkaProducer<byte[], byte[]> producer, KafkaConsumer<byte[], byte[]> reader) {
        this.topic = topic;
        this.producer = producer;
        this.reader = reader;
    }

    @Override
    public void write(IncidentEntry entry) {
        send(entry.incidentId(), Json.bytes(entry));
    }

    @Override
    public void delete(String incidentId) {
        send(incidentId, null);
    }

    private void send(String incidentId, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, incidentId.getBytes(StandardCharsets.UTF_8), value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot record delivery of incident " + incidentId + " in " + topic,
                    e.getCause());
        }
    }

    /** Assigns every partition of the ledger topic and reads it from the start into {@code ledger}. */
    void load(Ledger ledger) {
        List<PartitionInfo> partitions = reader.partitionsFor(topic, Duration.ofSeconds(60));
        List<TopicPartition> all = partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        reader.assign(all);
        reader.seekToBeginning(all);
        int read = catchUp(ledger);
        LOG.info("Alert ledger loaded: {} records read, {} incidents known", read, ledger.size());
    }

    /** Reads what was added since the last read. */
    int catchUp(Ledger ledger) {
        Map<TopicPartition, Long> end = reader.endOffsets(reader.assignment(), Duration.ofSeconds(60));
        int read = 0;
        while (!reachedEnd(end)) {
            for (ConsumerRecord<byte[], byte[]> record : reader.poll(Duration.ofMillis(200))) {
                read++;
                String incidentId = new String(record.key(), StandardCharsets.UTF_8);
                if (record.value() == null) {
                    ledger.apply(incidentId, null);
                } else {
                    IncidentEntry entry = parse(record);
                    if (entry != null) {
                        ledger.apply(incidentId, entry);
                    }
                }
            }
        }
        return read;
    }

    private boolean reachedEnd(Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (reader.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static IncidentEntry parse(ConsumerRecord<byte[], byte[]> record) {
        try {
            return Json.mapper().readValue(record.value(), IncidentEntry.class);
        } catch (IOException e) {
            LOG.warn("Ignoring an unreadable alert ledger record at {}-{}@{}", record.topic(), record.partition(),
                    record.offset());
            return null;
        }
    }

    @Override
    public void close() {
        reader.close(Duration.ofSeconds(5));
        producer.close(Duration.ofSeconds(5));
    }
}
