package io.denywatch.analyzer.streams;

import io.denywatch.common.event.EventHeaders;
import org.apache.kafka.common.header.Header;
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
 *
 * <p>Every copy carries the same {@code eventTime}, so an id is stored at its event time and looked up there: one
 * point read. Only when the record's time is not its {@code eventTime} (the time extractor fell back to the
 * partition's time, which differs between copies) is the id looked up over the whole retention. One case is not
 * recognised: a first copy dated more than an hour ahead of the clock (stored at the partition's time, see
 * {@link EventTimeExtractor}) and a later copy that arrives once the clock has caught up with its date.
 */
final class Deduplicator implements FixedKeyProcessor<byte[], byte[], byte[]> {

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
        this.seen = context.getStateStore(AnalyzerStores.DEDUPE_EVENT_IDS.name());
    }

    @Override
    public void process(FixedKeyRecord<byte[], byte[]> record) {
        if (record.key() == null) {
            context.forward(record);
            return;
        }
        String id = new String(record.key(), StandardCharsets.UTF_8);
        long time = record.timestamp();
        if (atEventTime(record) ? seen.fetch(id, time) != null : seenAnyTime(id, time)) {
            metrics.duplicateDropped();
            return;
        }
        seen.put(id, time, time);
        context.forward(record);
    }

    private static boolean atEventTime(FixedKeyRecord<byte[], byte[]> record) {
        Header header = record.headers().lastHeader(EventHeaders.EVENT_TIME);
        return header != null && EventTimeExtractor.parse(header.value()) == record.timestamp();
    }

    private boolean seenAnyTime(String id, long time) {
        try (WindowStoreIterator<Long> earlier = seen.fetch(id, time - retentionMs, time + retentionMs)) {
            return earlier.hasNext();
        }
    }
}
