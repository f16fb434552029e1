package io.denywatch.analyzer.streams;

import io.denywatch.analyzer.spike.SpikeDetector;
import io.denywatch.analyzer.spike.SpikeRecord;
import io.denywatch.analyzer.spike.SpikeRules;
import io.denywatch.analyzer.spike.SpikeState;
import io.denywatch.analyzer.window.Dimension;
import io.denywatch.analyzer.window.WindowAggregate;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the {@link SpikeDetector} on every window update, keeping each key's state in a store, and resolves quiet
 * incidents on a punctuation.
 *
 * <p>Two clocks drive resolution: stream time (replays and scans resolve exactly as live traffic would) and the wall
 * clock (a key that falls silent still resolves when no more denials arrive on its partition: stream time stands
 * still then, so the wall-clock punctuation advances it by the real time elapsed since the last record).
 */
final class SpikeProcessor implements Processor<Windowed<String>, WindowAggregate, String, SpikeRecord> {

    static final String STATE_STORE = "spike-state";
    static final String OPEN_STORE = "open-incidents";
    /** Where each task remembers when it first saw data, for the learning period; not a valid dimension key. */
    private static final String LEARNING_MARK = "\u0000learning-started";

    private final Map<Dimension, SpikeDetector> detectors;
    private final Duration advance;
    private final Duration learningPeriod;
    private final AnalyzerMetrics metrics;
    private ProcessorContext<String, SpikeRecord> context;
    private KeyValueStore<String, SpikeState> states;
    private KeyValueStore<String, Long> open;
    private long lastRecordStreamTime = Long.MIN_VALUE;
    private long lastRecordWallTime;
    private long learningStarted = Long.MIN_VALUE;

    SpikeProcessor(Map<Dimension, SpikeRules> rules, Duration advance, Duration learningPeriod,
                   AnalyzerMetrics metrics) {
        this.detectors = new java.util.EnumMap<>(Dimension.class);
        rules.forEach((d, r) -> detectors.put(d, new SpikeDetector(r)));
        this.advance = advance;
        this.learningPeriod = learningPeriod;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, SpikeRecord> context) {
        this.context = context;
        this.states = context.getStateStore(STATE_STORE);
        this.open = context.getStateStore(OPEN_STORE);
        context.schedule(advance, PunctuationType.STREAM_TIME, this::resolveQuiet);
        context.schedule(Duration.ofSeconds(30), PunctuationType.WALL_CLOCK_TIME, wallNow -> {
            if (lastRecordStreamTime != Long.MIN_VALUE) {
                resolveQuiet(lastRecordStreamTime + (wallNow - lastRecordWallTime));
            }
        });
    }

    @Override
    public void process(Record<Windowed<String>, WindowAggregate> record) {
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
        SpikeState state = Optional.ofNullable(states.get(qualified)).orElseGet(SpikeState::new);
        Optional<SpikeRecord> message = detector.onWindow(state, dimension, qualified,
                record.key().window().start(), record.value(), now, mayOpen(now));
        states.put(qualified, state);
        message.ifPresent(m -> send(qualified, m, now));
    }

    private boolean mayOpen(long now) {
        if (learningStarted == Long.MIN_VALUE) {
            Long mark = open.get(LEARNING_MARK);
            learningStarted = mark != null ? mark : now;
            if (mark == null) {
                open.put(LEARNING_MARK, now);
            }
        }
        return now - learningStarted >= learningPeriod.toMillis();
    }

    private void resolveQuiet(long now) {
        List<KeyValue<String, Long>> incidents = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = open.all()) {
            it.forEachRemaining(incidents::add);
        }
        for (KeyValue<String, Long> incident : incidents) {
            if (LEARNING_MARK.equals(incident.key)) {
                continue;
            }
            SpikeState state = states.get(incident.key);
            SpikeDetector detector = detectors.get(Dimension.ofQualified(incident.key));
            if (state == null || detector == null) {
                open.delete(incident.key);
                continue;
            }
            Optional<SpikeRecord> resolved = detector.onTick(state, now);
            states.put(incident.key, state);
            resolved.ifPresent(r -> send(incident.key, r, now));
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
