package io.denywatch.analyzer.streams;

import io.denywatch.contract.Topics;
import io.denywatch.analyzer.classify.DenialClassifier;
import io.denywatch.analyzer.classify.ErrorCodes;
import io.denywatch.analyzer.spike.SpikeRules;
import io.denywatch.analyzer.spike.SpikeState;
import io.denywatch.analyzer.window.Dimension;
import io.denywatch.analyzer.window.Occurrence;
import io.denywatch.analyzer.window.Slicing;
import io.denywatch.analyzer.window.WindowAggregate;
import io.denywatch.common.config.Config;
import io.denywatch.common.kafka.JsonSerde;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
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
 * Every processor, store and internal topic is named, so changelog and repartition topics keep stable names across
 * versions.
 */
public final class AnalyzerTopology {

    /**
     * Per key, the denials of each slice of the hopping windows (see {@link Slicing}). Named apart from the
     * {@code denial-windows} store of earlier versions, which held whole hopping windows: its data is not read as
     * slices.
     */
    static final String SLICE_STORE = "denial-slices";

    private AnalyzerTopology() {
    }

    /** The topology for this configuration. */
    public static Topology build(Config config, MeterRegistry registry) {
        config.validate(AnalyzerSettings.ALL);
        AnalyzerMetrics metrics = new AnalyzerMetrics(registry);
        ErrorCodes codes = ErrorCodes.from(config);
        DenialClassifier classifier = new DenialClassifier(codes);
        Duration size = config.get(AnalyzerSettings.WINDOW_SIZE);
        Duration advance = config.get(AnalyzerSettings.WINDOW_ADVANCE);
        Duration grace = config.get(AnalyzerSettings.WINDOW_GRACE);
        if (advance.compareTo(size) > 0) {
            throw new io.denywatch.common.config.ConfigException("analyzer.window.advance: must not exceed"
                    + " analyzer.window.size (" + size + "), got " + advance);
        }
        Slicing slicing = Slicing.of(size, advance, grace);
        Duration skew = config.get(AnalyzerSettings.PARTITION_SKEW);
        List<Dimension> dimensions = dimensions(config);

        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.windowStoreBuilder(Stores.persistentWindowStore(Deduplicator.STORE,
                config.get(AnalyzerSettings.DEDUPE_RETENTION), config.get(AnalyzerSettings.DEDUPE_RETENTION), false),
                Serdes.String(), Serdes.Long())
                // Ids are written to RocksDB and the changelog once per commit, not once per denial.
                .withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SpikeProcessor.STATE_STORE),
                Serdes.String(), JsonSerde.internal(SpikeState.class)).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SpikeProcessor.OPEN_STORE),
                Serdes.String(), Serdes.Long()));

        EventTimeExtractor times = new EventTimeExtractor();
        FunctionCounter.builder("denywatch.analyzer.event.time.fallbacks", times, EventTimeExtractor::unreadable)
                .tag("reason", "unreadable").description("Events whose eventTime was replaced by the partition's time")
                .register(registry);
        FunctionCounter.builder("denywatch.analyzer.event.time.fallbacks", times, EventTimeExtractor::ahead)
                .tag("reason", "future").description("Events whose eventTime was replaced by the partition's time")
                .register(registry);
        KStream<byte[], Classified> judged = builder
                // Values as the consumer's buffers: the filter drops most events without a copy of their bytes.
                .stream(Topics.RAW.in(config), Consumed.with(Serdes.ByteArray(), Serdes.ByteBuffer())
                        .withTimestampExtractor(times).withName("raw-events"))
                .processValues(() -> new DenialCandidateFilter(codes, metrics,
                        new EarlyCommit(config.get(AnalyzerSettings.EARLY_COMMIT_MAX_RATE))),
                        Named.as("denial-candidates"))
                .processValues(() -> new Deduplicator(config.get(AnalyzerSettings.DEDUPE_RETENTION), metrics),
                        Named.as("dedupe"), Deduplicator.STORE)
                .processValues(() -> new DenialEnricher(classifier, NoiseFilter.from(config), metrics, slicing),
                        Named.as("judge"));

        Map<String, KStream<byte[], Classified>> branches = judged.split(Named.as("judged-"))
                .branch((k, v) -> v.isDenial(), Branched.as("denials"))
                .defaultBranch(Branched.as("unreadable"));

        branches.get("judged-unreadable")
                .mapValues(v -> v.raw(), Named.as("unreadable-raw"))
                .to(Topics.ANALYZER_DLQ.in(config),
                        Produced.with(Topics.ANALYZER_DLQ.keySerde(), Topics.ANALYZER_DLQ.valueSerde())
                                .withName("analyzer-dead-letters"));

        KStream<byte[], Classified> denials = branches.get("judged-denials");
        denials.processValues(() -> new WithoutHeader<byte[], Classified>(EarlyCommit.HEADER),
                        Named.as("published-without-commit-mark"))
                .map((k, v) -> KeyValue.pair(v.denial().principal().identityArn(), v.denial()),
                        Named.as("key-by-principal"))
                .to(Topics.DENIALS.in(config),
                        Produced.with(Topics.DENIALS.keySerde(), Topics.DENIALS.valueSerde())
                                .withName("enriched-denials"));

        KStream<byte[], Classified> counted = denials.filter((k, v) -> v.counted(), Named.as("counted"))
                .processValues(DropHeaders::new, Named.as("counted-without-headers"));
        JsonSerde<Occurrence> occurrenceSerde = JsonSerde.internal(Occurrence.class);
        counted.flatMap((k, v) -> perDimension(dimensions, Occurrences.of(v.denial(), v.eventTime())), Named.as("per-dimension"))
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
                        Duration.ofMillis(slicing.sliceGrace()).plus(skew)))
                .aggregate(WindowAggregate::new, (key, occurrence, window) -> window.add(occurrence),
                        Named.as("count"),
                        Materialized.<String, WindowAggregate, WindowStore<Bytes, byte[]>>as(SLICE_STORE)
                                .withKeySerde(Serdes.String())
                                .withValueSerde(JsonSerde.internal(WindowAggregate.class))
                                // Updates of a slice are coalesced until the next commit (1 s): the detector still
                                // sees a crossing within a second, not at the window's close, and a burst costs one
                                // store write per slice instead of one per denial.
                                .withCachingEnabled())
                .toStream(Named.as("window-updates"))
                .process(() -> new SpikeProcessor(rules(config, dimensions), slicing, skew, SLICE_STORE,
                                config.get(AnalyzerSettings.LEARNING_PERIOD), metrics), Named.as("detect-spikes"),
                        SpikeProcessor.STATE_STORE, SpikeProcessor.OPEN_STORE, SLICE_STORE)
                .to(Topics.SPIKES.in(config),
                        Produced.with(Topics.SPIKES.keySerde(), Topics.SPIKES.valueSerde()).withName("spikes"));
        // Added last so that it becomes the last sub-topology: the ones above keep their numbers, hence their task ids
        // and state directories, in deployments that ran before the query counts existed.
        QueryCounts.addTo(counted, config);

        return builder.build();
    }

    private static List<KeyValue<String, Occurrence>> perDimension(List<Dimension> dimensions, Occurrence o) {
        List<KeyValue<String, Occurrence>> out = new ArrayList<>(dimensions.size());
        for (Dimension d : dimensions) {
            String key = d.keyOf(o);
            if (key != null) {
                out.add(KeyValue.pair(d.qualify(key), o));
            }
        }
        return out;
    }

    static List<Dimension> dimensions(Config config) {
        try {
            return Arrays.stream(config.get(AnalyzerSettings.DIMENSIONS).split(",")).map(String::trim)
                    .filter(s -> !s.isEmpty()).map(Dimension::fromId).distinct().toList();
        } catch (IllegalArgumentException e) {
            throw new io.denywatch.common.config.ConfigException("analyzer.dimensions: " + e.getMessage());
        }
    }

    static Map<Dimension, SpikeRules> rules(Config config, List<Dimension> dimensions) {
        Map<Dimension, SpikeRules> rules = new EnumMap<>(Dimension.class);
        for (Dimension d : dimensions) {
            int specific = config.get(switch (d) {
                case PRINCIPAL -> AnalyzerSettings.MIN_COUNT_PRINCIPAL;
                case PRINCIPAL_ACTION_RESOURCE -> AnalyzerSettings.MIN_COUNT_PAR;
                case ACCOUNT -> AnalyzerSettings.MIN_COUNT_ACCOUNT;
            });
            double factor = config.get(switch (d) {
                case PRINCIPAL -> AnalyzerSettings.FACTOR_PRINCIPAL;
                case PRINCIPAL_ACTION_RESOURCE -> AnalyzerSettings.FACTOR_PAR;
                case ACCOUNT -> AnalyzerSettings.FACTOR_ACCOUNT;
            });
            rules.put(d, new SpikeRules(specific > 0 ? specific : config.get(AnalyzerSettings.MIN_COUNT),
                    factor > 0 ? factor : config.get(AnalyzerSettings.FACTOR), 1.0,
                    config.get(AnalyzerSettings.BASELINE_WINDOWS),
                    config.get(AnalyzerSettings.WINDOW_SIZE), config.get(AnalyzerSettings.WINDOW_ADVANCE),
                    config.get(AnalyzerSettings.UPDATE_INTERVAL), config.get(AnalyzerSettings.RESOLVE_AFTER),
                    config.get(AnalyzerSettings.UPDATE_GROWTH)));
        }
        return rules;
    }
}
