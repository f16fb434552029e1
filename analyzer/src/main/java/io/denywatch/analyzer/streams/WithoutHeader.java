package io.denywatch.analyzer.streams;

import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Forwards each record without one header: an internal mark that must not reach a published topic.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class WithoutHeader<K, V> implements FixedKeyProcessor<K, V, V> {

    private final String name;
    private FixedKeyProcessorContext<K, V> context;

    WithoutHeader(String name) {
        this.name = name;
    }

    @Override
    public void init(FixedKeyProcessorContext<K, V> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<K, V> record) {
        if (record.headers().lastHeader(name) != null) {
            FixedKeyRecord<K, V> copy = record.withHeaders(new org.apache.kafka.common.header.internals.RecordHeaders(
                    record.headers().toArray()));
            copy.headers().remove(name);
            context.forward(copy);
        } else {
            context.forward(record);
        }
    }
}
