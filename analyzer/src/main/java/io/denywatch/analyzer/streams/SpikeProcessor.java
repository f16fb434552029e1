package io.denywatch.analyzer.streams;

import io.denywatch.contract.incident.SpikeRecord;
import io.denywatch.analyzer.spike.SpikeState;
import io.denywatch.analyzer.window.Slicing;
import io.denywatch.analyzer.window.WindowAggregate;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedWindowStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.apache.kafka.streams.state.WindowStoreIterator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the spike detectors ({@link IncidentKeeper}) on every slice that has a new count, keeping each key's state in
 * the task's stores, and resolves quiet incidents on a punctuation.
 *
 * <p>The counts arrive per slice (see {@link Slicing}); each key's state keeps its recent slice counts, so a window's
 * count is their sum. The full aggregate of a window — top lists, samples, the dominant reason — is merged from its
 * slices in the slice store only when a message about it is sent.
 *
 * <p>Two clocks drive resolution: stream time (replays and scans resolve exactly as live traffic would) and the wall
 * clock (a key that falls silent still resolves when no more denials arrive on its partition: stream time stands
 * still then, so the wall-clock punctuation advances it by the real time elapsed since the last record).
 */
final class SpikeProcessor implements Processor<Windowed<String>, WindowAggregate, String, SpikeRecord> {

    private static final Duration WALL_CLOCK_TICK = Duration.ofSeconds(5);
    /**
     * Where versions before the learning store kept the start of the learning period: a key of the open-incidents
     * store that no dimension key can be. Moved to the learning store on upgrade, see {@link #adoptLegacyLearningMark}.
     */
    private static final String LEGACY_LEARNING_MARK = "\u0000learning-started";

    private final AnalyzerPlan plan;
    private final Slicing slicing;
    private final Duration advance;
    private final AnalyzerMetrics metrics;
    private ProcessorContext<String, SpikeRecord> context;
    private IncidentKeeper keeper;
    private KeyValueStore<String, Long> open;
    private KeyValueStore<String, Long> learning;
    private long lastRecordStreamTime = Long.MIN_VALUE;
    private long lastRecordWallTime;
    /** The learning start an earlier version left in the open-incidents store, until it is moved. */
    private Long legacyLearningStart;

    SpikeProcessor(AnalyzerPlan plan, AnalyzerMetrics metrics) {
        this.plan = plan;
        this.slicing = plan.slicing();
        this.advance = Duration.ofMillis(slicing.advance());
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, SpikeRecord> context) {
        this.context = context;
        KeyValueStore<String, SpikeState> states = context.getStateStore(AnalyzerStores.SPIKE_STATE.name());
        this.open = context.getStateStore(AnalyzerStores.OPEN_INCIDENTS.name());
        this.learning = context.getStateStore(AnalyzerStores.LEARNING_STARTED.name());
        TimestampedWindowStore<String, WindowAggregate> slices =
                context.getStateStore(AnalyzerStores.DENIAL_SLICES.name());
        this.keeper = new IncidentKeeper(plan, new Stores(states, open, learning, slices));
        // Stores are restored before init; the move itself waits for a record or a punctuation, where writes belong.
        this.legacyLearningStart = open.get(LEGACY_LEARNING_MARK);
        context.schedule(advance, PunctuationType.STREAM_TIME, this::resolveQuiet);
        // Often enough that an update held back by the update interval goes out within seconds of its due time.
        context.schedule(WALL_CLOCK_TICK, PunctuationType.WALL_CLOCK_TIME, wallNow -> {
            if (lastRecordStreamTime != Long.MIN_VALUE) {
                resolveQuiet(lastRecordStreamTime + (wallNow - lastRecordWallTime));
            }
        });
    }

    @Override
    public void process(Record<Windowed<String>, WindowAggregate> record) {
        adoptLegacyLearningMark();
        if (record.value() == null) {
            return;
        }
        String qualified = record.key().key();
        if (!keeper.watches(qualified)) {
            return;
        }
        long now = Math.max(context.currentStreamTimeMs(), record.timestamp());
        lastRecordStreamTime = now;
        lastRecordWallTime = context.currentSystemTimeMs();
        keeper.onSlice(qualified, record.key().window().start(), record.value(), now, this::send);
    }

    /**
     * Moves the learning start an earlier version kept in the open-incidents store to the learning store, so that an
     * upgraded analyzer does not learn its baselines again. Runs before anything else reads either store.
     */
    private void adoptLegacyLearningMark() {
        if (legacyLearningStart == null) {
            return;
        }
        if (learning.get(IncidentKeeper.LEARNING_KEY) == null) {
            learning.put(IncidentKeeper.LEARNING_KEY, legacyLearningStart);
        }
        open.delete(LEGACY_LEARNING_MARK);
        legacyLearningStart = null;
    }

    private void resolveQuiet(long now) {
        adoptLegacyLearningMark();
        keeper.resolveQuiet(now, this::send);
    }

    private void send(SpikeRecord message, long now) {
        metrics.incident(message.state().name(), message.dimension());
        context.forward(new Record<>(message.incidentId(), message, now));
    }

    /** The keeper's state in the task's stores. */
    private record Stores(KeyValueStore<String, SpikeState> states, KeyValueStore<String, Long> open,
                          KeyValueStore<String, Long> learning,
                          TimestampedWindowStore<String, WindowAggregate> slices) implements IncidentKeeper.State {

        @Override
        public SpikeState spikeState(String qualified) {
            return states.get(qualified);
        }

        @Override
        public void spikeState(String qualified, SpikeState state) {
            states.put(qualified, state);
        }

        @Override
        public Long learningStarted() {
            return learning.get(IncidentKeeper.LEARNING_KEY);
        }

        @Override
        public void learningStarted(long streamTime) {
            learning.put(IncidentKeeper.LEARNING_KEY, streamTime);
        }

        @Override
        public void markOpen(String qualified, long streamTime) {
            open.put(qualified, streamTime);
        }

        @Override
        public void markClosed(String qualified) {
            open.delete(qualified);
        }

        @Override
        public List<String> openKeys() {
            List<String> keys = new ArrayList<>();
            try (KeyValueIterator<String, Long> it = open.all()) {
                it.forEachRemaining(kv -> keys.add(kv.key));
            }
            return keys;
        }

        @Override
        public List<WindowAggregate> slices(String qualified, long from, long to) {
            List<WindowAggregate> parts = new ArrayList<>();
            try (WindowStoreIterator<ValueAndTimestamp<WindowAggregate>> it = slices.fetch(qualified, from, to)) {
                while (it.hasNext()) {
                    parts.add(it.next().value.value());
                }
            }
            return parts;
        }
    }
}
