package io.denywatch.analyzer.streams;

import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * The counting stage's half of {@link EarlyCommit}: a count marked by the first stage asks for a commit as soon as
 * it is taken in, so that its window update leaves the cache — and reaches the spike detector — now rather than at
 * the next commit interval. The mark itself goes no further.
 *
 * @param <V> the value type
 */
final class EarlyCommitRequest<V> implements FixedKeyProcessor<String, V, V> {

    private FixedKeyProcessorContext<String, V> context;
    private EarlyCommit.Pending commit;

    @Override
    public void init(FixedKeyProcessorContext<String, V> context) {
        this.context = context;
        this.commit = EarlyCommit.schedule(context);
    }

    @Override
    public void process(FixedKeyRecord<String, V> record) {
        if (record.headers().lastHeader(EarlyCommit.HEADER) != null) {
            record.headers().remove(EarlyCommit.HEADER);
            commit.commitSoon();
        }
        context.forward(record);
    }
}
