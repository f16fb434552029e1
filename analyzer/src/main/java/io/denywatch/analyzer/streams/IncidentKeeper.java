package io.denywatch.analyzer.streams;

import io.denywatch.analyzer.spike.SpikeDetector;
import io.denywatch.analyzer.spike.SpikeState;
import io.denywatch.analyzer.window.Dimension;
import io.denywatch.analyzer.window.Slicing;
import io.denywatch.analyzer.window.WindowAggregate;
import io.denywatch.contract.incident.SpikeRecord;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ObjLongConsumer;

/**
 * The spike detectors of one task over the state they keep, wherever it is kept: the {@link SpikeProcessor} keeps it
 * in Kafka Streams' stores, {@link SequentialAnalyzer} in memory. Both hand it the same slices at the same stream
 * times, so both send the same messages.
 */
final class IncidentKeeper {

    /** The one key of each task's learning store. */
    static final String LEARNING_KEY = "started";

    /** Where the keeper's state lives. */
    interface State {

        /** The key's detector state, or null. */
        SpikeState spikeState(String qualified);

        void spikeState(String qualified, SpikeState state);

        /** The stream time the learning period began, or null before the first count. */
        Long learningStarted();

        void learningStarted(long streamTime);

        /** Marks the key's incident open, as of its last message's stream time. */
        void markOpen(String qualified, long streamTime);

        void markClosed(String qualified);

        /** The keys marked open, in the order the store keeps them. */
        List<String> openKeys();

        /** The key's slices starting in {@code [from, to]}, oldest first, as far as they are still kept. */
        List<WindowAggregate> slices(String qualified, long from, long to);
    }

    private final Map<Dimension, SpikeDetector> detectors = new EnumMap<>(Dimension.class);
    private final Slicing slicing;
    private final long learningPeriod;
    private final State state;
    private long learningStarted = Long.MIN_VALUE;

    IncidentKeeper(AnalyzerPlan plan, State state) {
        this.slicing = plan.slicing();
        plan.rules().forEach((d, r) -> detectors.put(d, new SpikeDetector(r, slicing, plan.partitionSkew())));
        this.learningPeriod = plan.learningPeriod().toMillis();
        this.state = state;
    }

    /** Whether a detector watches the dimension of {@code qualified}: slices of other keys are not looked at. */
    boolean watches(String qualified) {
        return detectors.containsKey(Dimension.ofQualified(qualified));
    }

    /** A slice of {@code qualified} has a new aggregate, at stream time {@code now}; messages go to {@code out}. */
    void onSlice(String qualified, long sliceStart, WindowAggregate slice, long now, ObjLongConsumer<SpikeRecord> out) {
        Dimension dimension = Dimension.ofQualified(qualified);
        SpikeDetector detector = detectors.get(dimension);
        if (detector == null) {
            return;
        }
        SpikeState keyState = Optional.ofNullable(state.spikeState(qualified)).orElseGet(SpikeState::new);
        List<SpikeRecord> messages = detector.onSlice(keyState, dimension, qualified, sliceStart, slice,
                windowStart -> window(qualified, windowStart), now, mayOpen(now));
        state.spikeState(qualified, keyState);
        messages.forEach(m -> send(qualified, m, now, out));
    }

    /** Time has reached {@code now}: held-back growth is sent and quiet incidents are resolved. */
    void resolveQuiet(long now, ObjLongConsumer<SpikeRecord> out) {
        for (String qualified : state.openKeys()) {
            SpikeState keyState = state.spikeState(qualified);
            SpikeDetector detector = detectors.get(Dimension.ofQualified(qualified));
            if (keyState == null || detector == null) {
                state.markClosed(qualified);
                continue;
            }
            List<SpikeRecord> messages = detector.onTick(keyState, now, windowStart -> window(qualified, windowStart));
            state.spikeState(qualified, keyState);
            messages.forEach(m -> send(qualified, m, now, out));
        }
    }

    /** The aggregate of one window, merged from its slices. */
    private WindowAggregate window(String qualified, long windowStart) {
        return WindowAggregate.merge(state.slices(qualified, windowStart, windowStart + slicing.size() - 1));
    }

    private boolean mayOpen(long now) {
        if (learningStarted == Long.MIN_VALUE) {
            Long mark = state.learningStarted();
            learningStarted = mark != null ? mark : now;
            if (mark == null) {
                state.learningStarted(now);
            }
        }
        return now - learningStarted >= learningPeriod;
    }

    private void send(String qualified, SpikeRecord message, long now, ObjLongConsumer<SpikeRecord> out) {
        if (message.state() == SpikeRecord.State.RESOLVED) {
            state.markClosed(qualified);
        } else {
            state.markOpen(qualified, now);
        }
        out.accept(message, now);
    }
}
