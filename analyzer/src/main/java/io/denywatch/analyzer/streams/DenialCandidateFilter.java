package io.denywatch.analyzer.streams;

import io.denywatch.analyzer.classify.ErrorClass;
import io.denywatch.analyzer.classify.ErrorCodes;
import io.denywatch.common.event.EventHeaders;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

import java.nio.charset.StandardCharsets;

/**
 * Keeps only the raw events that may be denials, judging by the ingestor's headers alone, so that the large majority
 * of events — successful calls and other errors — are never parsed.
 *
 * <p>Console sign-in failures carry no {@code errorCode}; a {@code ConsoleLogin} event is passed on for the
 * classifier to look inside.
 */
final class DenialCandidateFilter implements FixedKeyProcessor<byte[], byte[], byte[]> {

    private final ErrorCodes codes;
    private final AnalyzerMetrics metrics;
    private FixedKeyProcessorContext<byte[], byte[]> context;

    DenialCandidateFilter(ErrorCodes codes, AnalyzerMetrics metrics) {
        this.codes = codes;
        this.metrics = metrics;
    }

    @Override
    public void init(FixedKeyProcessorContext<byte[], byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<byte[], byte[]> record) {
        metrics.rawEvent();
        Header errorCode = record.headers().lastHeader(EventHeaders.ERROR_CODE);
        if (errorCode != null) {
            ErrorClass c = codes.classify(new String(errorCode.value(), StandardCharsets.UTF_8));
            if (c.category().isPresent()) {
                context.forward(record);
            }
            return;
        }
        Header eventName = record.headers().lastHeader(EventHeaders.EVENT_NAME);
        if (eventName != null && "ConsoleLogin".equals(new String(eventName.value(), StandardCharsets.UTF_8))) {
            context.forward(record);
        }
    }
}
