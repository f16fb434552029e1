package io.denywatch.analyzer.streams;

import io.denywatch.analyzer.spike.SpikeDetector;
import io.denywatch.contract.incident.SpikeRecord;
import io.denywatch.analyzer.spike.SpikeState;
import io.denywatch.analyzer.window.Dimension;
import io.denywatch.analyzer.window.Slicing;
import io.denywatch.analyzer.window.WindowAggregate;
import org.apache.kafka.streams.KeyValue;
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
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the {@link SpikeDetector} on every open window of a slice that has a new count, keeping each key's state in a
 * store, and resolves quiet incidents on a punctuation.
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
    /** The one key of each task's learning store. */
    private static final String LEARNING_KEY = "started";
    /**
     * Where versions before the learning store kept the start of the learning period: a key of the open-incidents
     * store that no dimension key can be. Moved to the learning store on upgrade, see {@link #adoptLegacyLearningMark}.
     */
    private static final String LEGACY_LEARNING_MARK = "\u0000learning-started";

    private final Map<Dimension, SpikeDetector> detectors;
    private final Slicing slicing;
    private final Duration advance;
    private final Duration learningPeriod;
    private final AnalyzerMetrics metrics;
    private ProcessorContext<String, SpikeRecord> context;
    private KeyValueStore<String, SpikeState> states;
    private KeyValueStore<String, Long> open;
    private KeyValueStore<String, Long> learning;
    private TimestampedWindowStore<String, WindowAggregate> slices;
    private long lastRecordStreamTime = Long.MIN_VALUE;
    private long lastRecordWallTime;
    private long learningStarted = Long.MIN_VALUE;
    /** The learning start an earlier version left in the open-incidents store, until it is moved. */
    private Long legacyLearningStart;

    SpikeProcessor(AnalyzerPlan plan, AnalyzerMetrics metrics) {
        this.detectors = new EnumMap<>(Dimension.class);
        this.slicing = plan.slicing();
        plan.rules().forEach((d, r) -> detectors.put(d, new SpikeDetector(r, slicing, plan.partitionSkew())));
        this.advance = Duration.ofMillis(slicing.advance());
        this.learningPeriod = plan.learningPeriod();
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, SpikeRecord> context) {
        this.context = context;
        this.states = context.getStateStore(AnalyzerStores.SPIKE_STATE.name());
        this.open = context.getStateStore(AnalyzerStores.OPEN_INCIDENTS.name());
        this.learning = context.getStateStore(AnalyzerStores.LEARNING_STARTED.name());
        this.slices = context.getStateStore(AnalyzerStores.DENIAL_SLICES.name());
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
        Dimension dimension = Dimension.ofQualified(qualified);
        SpikeDetector detector = detectors.get(dimension);
        if (detector == null) {
            return;
        }
        long now = Math.max(context.currentStreamTimeMs(), record.timestamp());
        lastRecordStreamTime = now;
        lastRecordWallTime = context.currentSystemTimeMs();
        long sliceStart = record.key().window().start();
        SpikeState state = Optional.ofNullable(states.get(qualified)).orElseGet(SpikeState::new);
        List<SpikeRecord> messages = detector.onSlice(state, dimension, qualified, sliceStart, record.value(),
                windowStart -> window(qualified, windowStart), now, mayOpen(now));
        states.put(qualified, state);
        messages.forEach(m -> send(qualified, m, now));
    }

    /** The aggregate of one window, merged from its slices. */
    private WindowAggregate window(String qualified, long windowStart) {
        List<WindowAggregate> parts = new ArrayList<>();
        try (WindowStoreIterator<ValueAndTimestamp<WindowAggregate>> it = slices.fetch(qualified, windowStart,
                windowStart + slicing.size() - 1)) {
            while (it.hasNext()) {
                parts.add(it.next().value.value());
            }
        }
        return WindowAggregate.merge(parts);
    }

    private boolean mayOpen(long now) {
        if (learningStarted == Long.MIN_VALUE) {
            Long mark = learning.get(LEARNING_KEY);
            learningStarted = mark != null ? mark : now;
            if (mark == null) {
                learning.put(LEARNING_KEY, now);
            }
        }
        return now - learningStarted >= learningPeriod.toMillis();
    }

    /**
     * Moves the learning start an earlier version kept in the open-incidents store to the learning store, so that an
     * upgraded analyzer does not learn its baselines again. Runs before anything else reads either store.
     */
    private void adoptLegacyLearningMark() {
        if (legacyLearningStart == null) {
            return;
        }
        if (learning.get(LEARNING_KEY) == null) {
            learning.put(LEARNING_KEY, legacyLearningStart);
        }
        open.delete(LEGACY_LEARNING_MARK);
        legacyLearningStart = null;
    }

    private void resolveQuiet(long now) {
        adoptLegacyLearningMark();
        List<KeyValue<String, Long>> incidents = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = open.all()) {
            it.forEachRemaining(incidents::add);
        }
        for (KeyValue<String, Long> incident : incidents) {
            SpikeState state = states.get(incident.key);
            SpikeDetector detector = detectors.get(Dimension.ofQualified(incident.key));
            if (state == null || detector == null) {
                open.delete(incident.key);
                continue;
            }
            String key = incident.key;
            List<SpikeRecord> messages = detector.onTick(state, now, windowStart -> window(key, windowStart));
            states.put(incident.key, state);
            messages.forEach(m -> send(incident.key, m, now));
        }
    }

    private void send(String qualified, SpikeRecord message, long now) {
        if (message.state() == SpikeRecord.State.RESOLVED) {
            open.delete(qualified);
        } else {
            open.put(qualified, now);
        }
        metrics.incident(message.state().name(), message.dimension());
        context.forward(new Record<>(message.incidentId(), message, now));
    }
}
