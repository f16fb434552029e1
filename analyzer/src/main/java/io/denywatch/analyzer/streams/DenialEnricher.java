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
import java.util.Optional;

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
        JsonNode event;
        try {
            event = Json.mapper().readTree(record.value());
        } catch (JsonProcessingException e) {
            metrics.unreadable();
            context.forward(record.withValue(Classified.unreadable("invalid_json: " + e.getOriginalMessage(),
                    record.value())));
            return;
        } catch (IOException e) {
            metrics.unreadable();
            context.forward(record.withValue(Classified.unreadable("unreadable: " + e.getMessage(), record.value())));
            return;
        }
        if (event == null || !event.isObject()) {
            metrics.unreadable();
            context.forward(record.withValue(Classified.unreadable("not_an_object", record.value())));
            return;
        }
        Optional<EnrichedDenial> denial = classifier.classify(event, source(record));
        if (denial.isEmpty()) {
            return;
        }
        EnrichedDenial d = denial.get();
        boolean late = slicing.isLate(record.timestamp(), context.currentStreamTimeMs());
        if (late) {
            metrics.late();
        }
        String ignoredBy = noise.ignoredBy(d);
        if (ignoredBy != null) {
            metrics.ignored(ignoredBy);
        }
        metrics.denial(d);
        context.forward(record.withValue(Classified.denial(d,
                !late && ignoredBy == null && d.category() == Category.AUTHORIZATION, record.timestamp())));
    }

    private static SourceRef source(FixedKeyRecord<byte[], byte[]> record) {
        Header header = record.headers().lastHeader(EventHeaders.SOURCE);
        if (header == null) {
            return null;
        }
        String source = new String(header.value(), StandardCharsets.UTF_8);
        if (source.startsWith("s3://")) {
            String rest = source.substring(5);
            int slash = rest.indexOf('/');
            return slash < 0 ? new SourceRef(rest, null) : new SourceRef(rest.substring(0, slash),
                    rest.substring(slash + 1));
        }
        return new SourceRef(null, source);
    }
}
