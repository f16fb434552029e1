package io.denywatch.analyzer.streams;

import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Drops every delivery of an event after the first, by {@code eventID} (the record key), for as long as the retention.
 *
 * <p>CloudTrail, S3, SQS and the ingestor may each deliver an event more than once, always with the same
 * {@code eventID}; the ingestor keys records by it, so all copies meet on one partition, here. The ids live in a
 * window store so that they expire by segment, without a scan.
 */
final class Deduplicator implements FixedKeyProcessor<byte[], byte[], byte[]> {

    static final String STORE = "dedupe-event-ids";

    private final long retentionMs;
    private final AnalyzerMetrics metrics;
    private FixedKeyProcessorContext<byte[], byte[]> context;
    private WindowStore<String, Long> seen;

    Deduplicator(Duration retention, AnalyzerMetrics metrics) {
        this.retentionMs = retention.toMillis();
        this.metrics = metrics;
    }

    @Override
    public void init(FixedKeyProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.seen = context.getStateStore(STORE);
    }

    @Override
    public void process(FixedKeyRecord<byte[], byte[]> record) {
        if (record.key() == null) {
            context.forward(record);
            return;
        }
        String id = new String(record.key(), StandardCharsets.UTF_8);
        long time = record.timestamp();
        try (WindowStoreIterator<Long> earlier = seen.fetch(id, time - retentionMs, time + retentionMs)) {
            if (earlier.hasNext()) {
                metrics.duplicateDropped();
                return;
            }
        }
        seen.put(id, time, time);
        context.forward(record);
    }
}
