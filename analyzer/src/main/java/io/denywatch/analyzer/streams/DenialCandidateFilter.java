package io.denywatch.analyzer.streams;

import io.denywatch.analyzer.classify.ErrorCodes;
import io.denywatch.common.event.EventHeaders;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Keeps only the raw events that may be denials, judging by the ingestor's headers alone, so that the large majority
 * of events — successful calls and other errors — are never parsed.
 *
 * <p>Console sign-in failures carry no {@code errorCode}; a {@code ConsoleLogin} event is passed on for the
 * classifier to look inside.
 *
 * <p>Values arrive as the consumer's own buffers, uncopied: only the candidates, a few percent of the stream, are
 * copied out for the stages that keep or parse them.
 */
final class DenialCandidateFilter implements FixedKeyProcessor<byte[], ByteBuffer, byte[]> {

    private final ErrorCodes codes;
    private final AnalyzerMetrics metrics;
    private final EarlyCommit earlyCommit;
    private FixedKeyProcessorContext<byte[], byte[]> context;
    private EarlyCommit.Pending commit;

    DenialCandidateFilter(ErrorCodes codes, AnalyzerMetrics metrics, EarlyCommit earlyCommit) {
        this.codes = codes;
        this.metrics = metrics;
        this.earlyCommit = earlyCommit;
    }

    @Override
    public void init(FixedKeyProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.commit = EarlyCommit.schedule(context);
    }

    @Override
    public void process(FixedKeyRecord<byte[], ByteBuffer> record) {
        metrics.rawEvent();
        earlyCommit.onRecord(context.currentSystemTimeMs());
        Header errorCode = record.headers().lastHeader(EventHeaders.ERROR_CODE);
        Header eventName = errorCode != null ? null : record.headers().lastHeader(EventHeaders.EVENT_NAME);
        if (DenialCandidates.mayBeDenial(codes, text(errorCode), text(eventName))) {
            forward(record);
        }
    }

    private static String text(Header header) {
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private void forward(FixedKeyRecord<byte[], ByteBuffer> record) {
        ByteBuffer value = record.value();
        byte[] copy = null;
        if (value != null) {
            copy = new byte[value.remaining()];
            value.duplicate().get(copy);
        }
        FixedKeyRecord<byte[], byte[]> candidate = record.withValue(copy);
        if (earlyCommit.keepingUp()) {
            // See EarlyCommit: this denial's counts and incident need not wait for the commit interval.
            candidate.headers().add(EarlyCommit.HEADER, new byte[0]);
            commit.commitSoon();
        }
        context.forward(candidate);
    }
}
