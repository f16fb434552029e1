package io.denywatch.analyzer.streams;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.denywatch.analyzer.classify.DenialClassifier;
import io.denywatch.contract.denial.Category;
import io.denywatch.contract.denial.EnrichedDenial;
import io.denywatch.contract.denial.SourceRef;
import io.denywatch.analyzer.window.Slicing;
import io.denywatch.common.event.EventHeaders;
import io.denywatch.common.json.Json;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Where an event is judged: parses a candidate, explains the denial, and marks whether it counts.
 *
 * <p>An event that cannot be read is passed on as such, for the dead-letter topic, instead of stopping the stream.
 * An event older than the windows can still take is counted as late and not counted in the windows; it still reaches
 * the enriched topic. Lateness is judged here, against the stream time of this raw partition: after the repartition,
 * the windows see every partition's denials merged, and a partition read ahead of the others (as when catching up on
 * a backlog) would make the others' denials look late there.
 */
final class DenialEnricher implements FixedKeyProcessor<byte[], byte[], Classified> {

    private final DenialClassifier classifier;
    private final NoiseFilter noise;
    private final AnalyzerMetrics metrics;
    private final Slicing slicing;
    private FixedKeyProcessorContext<byte[], Classified> context;

    DenialEnricher(DenialClassifier classifier, NoiseFilter noise, AnalyzerMetrics metrics, Slicing slicing) {
        this.classifier = classifier;
        this.noise = noise;
        this.metrics = metrics;
        this.slicing = slicing;
    }

    @Override
    public void init(FixedKeyProcessorContext<byte[], Classified> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<byte[], byte[]> record) {
        Header source = record.headers().lastHeader(EventHeaders.SOURCE);
        Judgement judgement = judge(classifier, record.value(), source == null ? null : source.value());
        if (judgement.problem() != null) {
            metrics.unreadable();
            context.forward(record.withValue(Classified.unreadable(judgement.problem(), record.value())));
            return;
        }
        if (judgement.denial() == null) {
            return;
        }
        context.forward(record.withValue(count(judgement.denial(), record.timestamp(),
                context.currentStreamTimeMs(), slicing, noise, metrics)));
    }

    /**
     * What a candidate is, apart from time: a denial, an event that is none, or an event that cannot be read.
     *
     * @param denial  the enriched denial, or null
     * @param problem why the event cannot be read, or null
     */
    record Judgement(EnrichedDenial denial, String problem) {
    }

    /** Parses and explains one candidate; depends on nothing but its bytes, so it may run on any thread. */
    static Judgement judge(DenialClassifier classifier, byte[] value, byte[] sourceHeader) {
        JsonNode event;
        try {
            event = Json.mapper().readTree(value);
        } catch (JsonProcessingException e) {
            return new Judgement(null, "invalid_json: " + e.getOriginalMessage());
        } catch (IOException e) {
            return new Judgement(null, "unreadable: " + e.getMessage());
        }
        if (event == null || !event.isObject()) {
            return new Judgement(null, "not_an_object");
        }
        return new Judgement(classifier.classify(event, source(sourceHeader)).orElse(null), null);
    }

    /**
     * Whether a denial at {@code eventTime} counts, at stream time {@code streamTime}: not late, not ignored by a
     * noise rule, not authentication.
     */
    static Classified count(EnrichedDenial d, long eventTime, long streamTime, Slicing slicing, NoiseFilter noise,
                            AnalyzerMetrics metrics) {
        boolean late = slicing.isLate(eventTime, streamTime);
        if (late) {
            metrics.late();
        }
        String ignoredBy = noise.ignoredBy(d);
        if (ignoredBy != null) {
            metrics.ignored(ignoredBy);
        }
        metrics.denial(d);
        return Classified.denial(d, !late && ignoredBy == null && d.category() == Category.AUTHORIZATION, eventTime);
    }

    private static SourceRef source(byte[] header) {
        if (header == null) {
            return null;
        }
        String source = new String(header, StandardCharsets.UTF_8);
        if (source.startsWith("s3://")) {
            String rest = source.substring(5);
            int slash = rest.indexOf('/');
            return slash < 0 ? new SourceRef(rest, null) : new SourceRef(rest.substring(0, slash),
                    rest.substring(slash + 1));
        }
        return new SourceRef(null, source);
    }
}
