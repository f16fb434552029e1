package io.denywatch.analyzer.streams;

import io.denywatch.contract.incident.SpikeRecord;
import io.denywatch.analyzer.window.Dimension;
import io.denywatch.analyzer.window.Occurrence;
import io.denywatch.analyzer.window.WindowAggregate;
import io.denywatch.common.config.Config;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.kstream.internals.TimeWindow;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.TimestampedWindowStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Where the spike processor keeps the start of each task's learning period: in a store of its own, so that the
 * open-incidents store holds incidents only; and what an analyzer upgraded from a version that kept it among the open
 * incidents does with it.
 */
class LearningStartTest {

    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    private static final String ROLE = "arn:aws:iam::123456789012:role/deploy";
    private static final String KEY = Dimension.PRINCIPAL.qualify(ROLE);
    /** Where earlier versions kept the start: a key of the open-incidents store no dimension key can be. */
    private static final String LEGACY_MARK = "\u0000learning-started";

    private final AnalyzerPlan plan = AnalyzerPlan.from(Config.of(Map.of("kafka.bootstrap.servers", "unused:9092",
            "analyzer.dimensions", "principal", "analyzer.spike.learning-period", "30m")));
    private final MockProcessorContext<String, SpikeRecord> context = new MockProcessorContext<>();
    private KeyValueStore<String, Long> open;
    private KeyValueStore<String, Long> learning;
    private TimestampedWindowStore<String, WindowAggregate> slices;

    @BeforeEach
    void stores() {
        context.addStateStore(keyValue(AnalyzerStores.SPIKE_STATE));
        open = keyValue(AnalyzerStores.OPEN_INCIDENTS);
        learning = keyValue(AnalyzerStores.LEARNING_STARTED);
        slices = Stores.timestampedWindowStoreBuilder(Stores.inMemoryWindowStore(
                                AnalyzerStores.DENIAL_SLICES.name(), Duration.ofDays(1), Duration.ofMinutes(1), false),
                        AnalyzerStores.DENIAL_SLICES.keySerde(), AnalyzerStores.DENIAL_SLICES.valueSerde())
                .withLoggingDisabled().build();
        slices.init(context.getStateStoreContext(), slices);
        context.addStateStore(open);
        context.addStateStore(learning);
        context.addStateStore(slices);
    }

    @Test
    void aFreshTaskKeepsItsLearningStartOutOfTheOpenIncidents() {
        SpikeProcessor processor = started();
        Record<Windowed<String>, WindowAggregate> first = burst(T0.plus(Duration.ofHours(1)));
        processor.process(first);

        assertEquals(List.of(), context.forwarded(), "still learning");
        assertEquals(first.timestamp(), learning.get("started"));
        assertEquals(List.of(), keys(open));
    }

    @Test
    void anUpgradedTaskMovesTheLearningStartItKeptAmongTheOpenIncidentsAndDoesNotLearnAgain() {
        open.put(LEGACY_MARK, T0.toEpochMilli());
        SpikeProcessor processor = started();

        // An hour after the old start: learnt long ago, so a burst opens an incident at once.
        processor.process(burst(T0.plus(Duration.ofHours(1))));

        List<SpikeRecord> sent = context.forwarded().stream().<SpikeRecord>map(f -> f.record().value()).toList();
        assertEquals(1, sent.size(), sent.toString());
        assertEquals(SpikeRecord.State.OPEN, sent.get(0).state());
        assertEquals(T0.toEpochMilli(), learning.get("started"));
        assertEquals(List.of(KEY), keys(open), "the open-incidents store holds incidents only");
    }

    @Test
    void aTickBeforeTheFirstRecordMovesTheOldLearningStartRatherThanDroppingIt() {
        open.put(LEGACY_MARK, T0.toEpochMilli());
        SpikeProcessor processor = started();

        context.scheduledPunctuators().stream().filter(p -> p.getType() == PunctuationType.STREAM_TIME)
                .findFirst().orElseThrow().getPunctuator().punctuate(T0.plus(Duration.ofHours(1)).toEpochMilli());

        assertEquals(T0.toEpochMilli(), learning.get("started"));
        assertEquals(List.of(), keys(open));
        processor.process(burst(T0.plus(Duration.ofHours(1))));
        assertEquals(1, context.forwarded().size(), "not learning again");
    }

    private SpikeProcessor started() {
        context.setCurrentStreamTimeMs(T0.toEpochMilli());
        context.setCurrentSystemTimeMs(T0.toEpochMilli());
        SpikeProcessor processor = new SpikeProcessor(plan, new AnalyzerMetrics(new SimpleMeterRegistry()));
        processor.init(context);
        return processor;
    }

    /** Twelve denials of one role in the minute starting at {@code at}, as the slice store and the stream carry them. */
    private Record<Windowed<String>, WindowAggregate> burst(Instant at) {
        long start = at.toEpochMilli();
        WindowAggregate slice = new WindowAggregate();
        for (int i = 0; i < 12; i++) {
            slice.add(new Occurrence("e-" + i, "r-" + i, start + i * 1000L, ROLE, ROLE, "123456789012",
                    "s3:PutObject", "s3:bucket", null, "AccessDenied", "denied",
                    new Occurrence.Why("EXPLICIT", "SERVICE_CONTROL_POLICY", "ORGANIZATION", null, "advice",
                            List.of())));
        }
        long last = start + 11_000L;
        slices.put(KEY, ValueAndTimestamp.make(slice, last), start);
        context.setCurrentStreamTimeMs(last);
        return new Record<>(new Windowed<>(KEY, new TimeWindow(start, start + 60_000L)), slice, last);
    }

    private static List<String> keys(KeyValueStore<String, Long> store) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = store.all()) {
            it.forEachRemaining((KeyValue<String, Long> kv) -> keys.add(kv.key));
        }
        return keys;
    }

    private <V> KeyValueStore<String, V> keyValue(AnalyzerStores.Store<String, V> declared) {
        KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(declared.name()),
                declared.keySerde(), declared.valueSerde()).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        return store;
    }
}
