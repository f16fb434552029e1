package io.denywatch.analyzer.streams;

import io.denywatch.contract.Topics;
import io.denywatch.analyzer.classify.DenialClassifier;
import io.denywatch.analyzer.window.Dimension;
import io.denywatch.analyzer.window.Occurrence;
import io.denywatch.analyzer.window.Slicing;
import io.denywatch.analyzer.window.WindowAggregate;
import io.denywatch.common.kafka.JsonSerde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.TimeWindows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the analyzer's one topology; the service, {@code denywatch scan} and the tests all run this same graph.
 *
 * <pre>
 * raw events ─ filter by headers ─ dedupe by eventID ─ judge ─┬─ enriched denials (by principal)
 *                                                              ├─ unreadable → analyzer dead letters
 *                                                              └─ per dimension ─ window slices ─ spikes ─ incidents
 * </pre>
 *
 * What the graph does is decided beforehand, in the {@link AnalyzerPlan}; its stores are declared in
 * {@link AnalyzerStores}. Every processor, store and internal topic is named, so changelog and repartition topics keep
 * stable names across versions ({@code TopologyGoldenTest} pins them).
 */
public final class AnalyzerTopology {

    private AnalyzerTopology() {
    }

    /** The topology that carries out {@code plan}, reporting to {@code metrics}, with its state on disk. */
    public static Topology build(AnalyzerPlan plan, AnalyzerMetrics metrics) {
        return build(plan, metrics, StateStorage.ON_DISK);
    }

    /** The topology that carries out {@code plan}, reporting to {@code metrics}, with its state kept as told. */
    public static Topology build(AnalyzerPlan plan, AnalyzerMetrics metrics, StateStorage storage) {
        DenialClassifier classifier = new DenialClassifier(plan.codes());
        Slicing slicing = plan.slicing();

        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(AnalyzerStores.dedupeEventIds(plan.dedupeRetention(), storage));
        builder.addStateStore(AnalyzerStores.spikeState(storage));
        builder.addStateStore(AnalyzerStores.openIncidents(storage));
        builder.addStateStore(AnalyzerStores.learningStarted(storage));

        KStream<byte[], Classified> judged = builder
                // Values as the consumer's buffers: the filter drops most events without a copy of their bytes.
                .stream(plan.rawTopic(), Consumed.with(Serdes.ByteArray(), Serdes.ByteBuffer())
                        .withTimestampExtractor(new EventTimeExtractor(metrics)).withName("raw-events"))
                .processValues(() -> new DenialCandidateFilter(plan.codes(), metrics,
                        new EarlyCommit(plan.earlyCommitMaxRate())), Named.as("denial-candidates"))
                .processValues(() -> new Deduplicator(plan.dedupeRetention(), metrics),
                        Named.as("dedupe"), AnalyzerStores.DEDUPE_EVENT_IDS.name())
                .processValues(() -> new DenialEnricher(classifier, plan.noise(), metrics, slicing),
                        Named.as("judge"));

        Map<String, KStream<byte[], Classified>> branches = judged.split(Named.as("judged-"))
                .branch((k, v) -> v.isDenial(), Branched.as("denials"))
                .defaultBranch(Branched.as("unreadable"));

        branches.get("judged-unreadable")
                .mapValues(v -> v.raw(), Named.as("unreadable-raw"))
                .to(plan.deadLetterTopic(),
                        Produced.with(Topics.ANALYZER_DLQ.keySerde(), Topics.ANALYZER_DLQ.valueSerde())
                                .withName("analyzer-dead-letters"));

        KStream<byte[], Classified> denials = branches.get("judged-denials");
        denials.processValues(() -> new WithoutHeader<byte[], Classified>(EarlyCommit.HEADER),
                        Named.as("published-without-commit-mark"))
                .map((k, v) -> KeyValue.pair(v.denial().principal().identityArn(), v.denial()),
                        Named.as("key-by-principal"))
                .to(plan.denialsTopic(),
                        Produced.with(Topics.DENIALS.keySerde(), Topics.DENIALS.valueSerde())
                                .withName("enriched-denials"));

        KStream<byte[], Classified> counted = denials.filter((k, v) -> v.counted(), Named.as("counted"))
                .processValues(DropHeaders::new, Named.as("counted-without-headers"));
        JsonSerde<Occurrence> occurrenceSerde = JsonSerde.internal(Occurrence.class);
        List<Dimension> dimensions = plan.dimensions();
        counted.flatMap((k, v) -> perDimension(dimensions, Occurrences.of(v.denial(), v.eventTime())),
                        Named.as("per-dimension"))
                // The same topic the grouping below made implicitly before; made here so that a count can ask for
                // its commit (EarlyCommit) before the window aggregate takes it.
                .repartition(Repartitioned.<String, Occurrence>as("denials-by-dimension")
                        .withKeySerde(Serdes.String()).withValueSerde(occurrenceSerde))
                .processValues(EarlyCommitRequest::new, Named.as("commit-early"))
                .groupByKey(Grouped.with(Serdes.String(), occurrenceSerde))
                // One slice per denial and dimension instead of every hopping window that contains it; the detector
                // sums the slices of each open window.
                // Late denials were left out upstream, per raw partition; here the grace also spans how far one raw
                // partition may have been read ahead of another, whose denials would otherwise look late.
                .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofMillis(slicing.slice()),
                        Duration.ofMillis(slicing.sliceGrace()).plus(plan.partitionSkew())))
                .aggregate(WindowAggregate::new, (key, occurrence, window) -> window.add(occurrence),
                        Named.as("count"), AnalyzerStores.denialSlices(storage))
                .toStream(Named.as("window-updates"))
                .process(() -> new SpikeProcessor(plan, metrics), Named.as("detect-spikes"),
                        AnalyzerStores.SPIKE_STATE.name(), AnalyzerStores.OPEN_INCIDENTS.name(),
                        AnalyzerStores.DENIAL_SLICES.name(), AnalyzerStores.LEARNING_STARTED.name())
                .to(plan.spikesTopic(),
                        Produced.with(Topics.SPIKES.keySerde(), Topics.SPIKES.valueSerde()).withName("spikes"));
        // Added last so that it becomes the last sub-topology: the ones above keep their numbers, hence their task ids
        // and state directories, in deployments that ran before the query counts existed.
        if (plan.queryRetention() != null) {
            QueryCounts.addTo(counted, plan, storage);
        }

        return builder.build();
    }

    /** The occurrence once per dimension that has a key for it, keyed by that dimension's qualified key. */
    static List<KeyValue<String, Occurrence>> perDimension(List<Dimension> dimensions, Occurrence o) {
        List<KeyValue<String, Occurrence>> out = new ArrayList<>(dimensions.size());
        for (Dimension d : dimensions) {
            String key = d.keyOf(o);
            if (key != null) {
                out.add(KeyValue.pair(d.qualify(key), o));
            }
        }
        return out;
    }
}
