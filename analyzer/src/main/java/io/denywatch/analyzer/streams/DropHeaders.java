package io.denywatch.analyzer.streams;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Forwards each record without the raw event's headers. The counts' repartition topics are read only by the
 * analyzer, which needs none of them; left on, every denial would carry the seven ingest headers into each of its
 * repartition records, to be written, read and decoded again there. Only the {@link EarlyCommit} mark stays, for the
 * counting stage.
 *
 * @param <V> the value type
 */
final class DropHeaders<V> implements FixedKeyProcessor<byte[], V, V> {

    private FixedKeyProcessorContext<byte[], V> context;

    @Override
    public void init(FixedKeyProcessorContext<byte[], V> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<byte[], V> record) {
        RecordHeaders kept = new RecordHeaders();
        if (record.headers().lastHeader(EarlyCommit.HEADER) != null) {
            kept.add(EarlyCommit.HEADER, new byte[0]);
        }
        context.forward(record.withHeaders(kept));
    }
}
