package io.denywatch.alerts.digest;

import io.denywatch.common.config.Config;
import io.denywatch.common.json.Json;
import io.denywatch.common.kafka.KafkaClients;
import io.denywatch.contract.Topics;
import io.denywatch.contract.denial.EnrichedDenial;
import io.denywatch.contract.incident.SpikeRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Reads a digest's input from the topics the analyzer writes, at the moment the digest is due: the enriched denial
 * topic from the start of the previous period, and the spike topic from the start of the period, each up to its end
 * as it is now. Nothing is kept between digests: the topics are the state, and what a digest holds while it is built
 * is bounded ({@link PeriodCounts}).
 *
 * <p>The analyzer stamps every record with its event time, so the read starts where the topic's timestamps reach the
 * period ({@code offsetsForTimes}) and each denial is counted in the period its event time falls in. A denial that
 * arrives after the digest was sent (CloudTrail delivers within minutes, a late file later) is in no digest.
 * Only committed records are read: the analyzer writes in transactions.
 */
public final class TopicDigestSource {

    private static final Logger LOG = LoggerFactory.getLogger(TopicDigestSource.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Config config;
    private final int maxKeys;

    /** @param maxKeys bound on distinct principals, actions, pairs and incidents per period */
    public TopicDigestSource(Config config, int maxKeys) {
        this.config = config;
        this.maxKeys = maxKeys;
    }

    /** Reads both topics for {@code period} (and the one before it). */
    public DenialsRead read(DigestPeriod period) {
        DenialsRead read = new DenialsRead(period, maxKeys);
        Map<String, Object> props = KafkaClients.common(config, "denywatch-digest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            long denials = readTopic(consumer, Topics.DENIALS.in(config), period.previous().start(), read,
                    (record, at) -> {
                        EnrichedDenial denial = parse(record, EnrichedDenial.class);
                        if (denial != null) {
                            read.denial(denial, at);
                        }
                    });
            long spikes = readTopic(consumer, Topics.SPIKES.in(config), period.start(), null, (record, at) -> {
                SpikeRecord spike = parse(record, SpikeRecord.class);
                if (spike != null) {
                    read.incident(spike, at);
                }
            });
            LOG.info("Digest {}: read {} denial records and {} incident messages", period, denials, spikes);
        }
        return read;
    }

    /**
     * Reads {@code topic} from the first record stamped at or after {@code from} to its current end.
     *
     * @param completeness told when the topic no longer holds records from {@code from}; may be null
     * @return records read
     */
    private static long readTopic(KafkaConsumer<byte[], byte[]> consumer, String topic, Instant from,
                                  DenialsRead completeness,
                                  BiConsumer<ConsumerRecord<byte[], byte[]>, Instant> each) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
        if (infos == null || infos.isEmpty()) {
            return 0;
        }
        List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
        Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions, TIMEOUT);
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(p -> query.put(p, from.toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> start = consumer.offsetsForTimes(query, TIMEOUT);
        for (TopicPartition p : partitions) {
            OffsetAndTimestamp at = start.get(p);
            long offset = at == null ? end.get(p) : at.offset();
            if (completeness != null && beginning.get(p) > 0 && offset == beginning.get(p)) {
                // Records before the first one kept were deleted: some of them may have been in the period.
                completeness.previousIncomplete();
            }
            consumer.seek(p, offset);
        }
        long read = 0;
        while (!reachedEnd(consumer, end)) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                if (record.offset() >= end.get(new TopicPartition(record.topic(), record.partition()))) {
                    continue;
                }
                read++;
                if (record.value() != null) {
                    each.accept(record, Instant.ofEpochMilli(record.timestamp()));
                }
            }
        }
        return read;
    }

    private static boolean reachedEnd(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey(), TIMEOUT) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static <T> T parse(ConsumerRecord<byte[], byte[]> record, Class<T> type) {
        try {
            return Json.mapper().readValue(record.value(), type);
        } catch (IOException | RuntimeException e) {
            // The analyzer's dead-letter topic already has what it could not read; a bad record here is skipped.
            return null;
        }
    }
}
