package io.denywatch.analyzer.streams;

import io.denywatch.analyzer.classify.DenialClassifier;
import io.denywatch.analyzer.spike.SpikeState;
import io.denywatch.analyzer.window.Occurrence;
import io.denywatch.analyzer.window.WindowAggregate;
import io.denywatch.contract.denial.EnrichedDenial;
import io.denywatch.contract.incident.SpikeRecord;
import org.apache.kafka.streams.KeyValue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongSupplier;

/**
 * The analyzer's topology ({@link AnalyzerTopology}) carried out on one thread without Kafka Streams, for reading
 * saved logs as fast as they can be read ({@code denywatch scan}).
 *
 * <p>A scan feeds the topology one partition's records in order and nothing else; what Kafka Streams adds for a
 * service — commits, changelogs, serialized state, a record's every step through a task — is there a cost and no
 * help. This class runs the same steps with the same code where the code is the analyzer's (the candidate test, the
 * judgement, lateness and noise, the occurrences, the slices' aggregates, the detectors), and does by hand only what
 * Kafka Streams does around them, as it does it in one task: the event-time fallback and the skipping of negative
 * times, the stream time, the eventID store's retention, the slice windows' grace and their store's retention, the
 * stream-time punctuation's schedule, and the order in which the records of a repartition are processed.
 * {@code SequentialAnalyzerTest} holds its outputs equal to the topology's under Kafka Streams' test driver on
 * random feeds.
 *
 * <p>Events are prepared on any thread ({@link Intake}): the candidates are parsed and explained there, which is
 * most of the work, and only the steps that depend on order run here.
 */
public final class SequentialAnalyzer {

    /** Where the topology's outputs go. */
    public interface Outputs {

        /** An enriched denial, as published to the denials topic. */
        void denial(EnrichedDenial denial);

        /** A candidate that could not be read, as sent to the dead-letter topic, with the reason. */
        void unreadable(byte[] eventId, String problem);

        /** An incident message, as published to the spikes topic. */
        void incident(SpikeRecord message);
    }

    /**
     * One raw event as the topology's first steps see it.
     *
     * @param eventId   the record key, or null
     * @param time      the event time the time extractor believes, or {@link Long#MIN_VALUE} when it falls back (to
     *                  the partition's time; for the partition's first record, to the wall clock, which is the
     *                  record's own timestamp when a scan hands it over)
     * @param timeFault why the time is not believed: 0, or {@link #TIME_UNREADABLE} or {@link #TIME_AHEAD}
     * @param judgement what the candidate is; null for an event that is no candidate (its time is all that matters)
     */
    public record Arrival(byte[] eventId, long time, int timeFault, DenialEnricher.Judgement judgement) {
    }

    static final int TIME_UNREADABLE = 1;
    static final int TIME_AHEAD = 2;

    /** Prepares arrivals; safe to use from many threads at once. */
    public static final class Intake {

        private final AnalyzerPlan plan;
        private final DenialClassifier classifier;
        private final LongSupplier clock;

        Intake(AnalyzerPlan plan, LongSupplier clock) {
            this.plan = plan;
            this.classifier = new DenialClassifier(plan.codes());
            this.clock = clock;
        }

        /** Whether the topology's first step keeps an event with these top-level fields. */
        public boolean mayBeDenial(String errorCode, String eventName) {
            return DenialCandidates.mayBeDenial(plan.codes(), errorCode, eventName);
        }

        /** A candidate, parsed and explained. */
        public Arrival candidate(byte[] eventId, byte[] eventTime, byte[] value, byte[] source) {
            long time = believed(eventTime);
            return new Arrival(eventId, time, fault(eventTime, time),
                    DenialEnricher.judge(classifier, value, source));
        }

        /** Any other event: only its time matters. */
        public Arrival other(byte[] eventTime) {
            long time = believed(eventTime);
            return new Arrival(null, time, fault(eventTime, time), null);
        }

        /** The time {@link EventTimeExtractor} takes from an {@code eventTime}, or {@link Long#MIN_VALUE}. */
        public long believed(byte[] eventTime) {
            long time = eventTime == null ? Long.MIN_VALUE : EventTimeExtractor.parse(eventTime);
            return time > clock.getAsLong() + EventTimeExtractor.MAX_AHEAD ? Long.MIN_VALUE : time;
        }

        private static int fault(byte[] eventTime, long time) {
            if (time != Long.MIN_VALUE) {
                return 0;
            }
            return eventTime == null || EventTimeExtractor.parse(eventTime) == Long.MIN_VALUE ? TIME_UNREADABLE
                    : TIME_AHEAD;
        }
    }

    private final AnalyzerPlan plan;
    private final AnalyzerMetrics metrics;
    private final Outputs outputs;
    private final LongSupplier wallClock;
    private final Intake intake;
    private final EventIds eventIds;
    private final Slices slices;
    private final IncidentKeeper keeper;
    private final Map<String, SpikeState> spikeStates = new HashMap<>();
    /** Kept in the order of their UTF-8 bytes, as Kafka Streams' in-memory store keeps its keys. */
    private final TreeMap<String, Long> openIncidents = new TreeMap<>(SequentialAnalyzer::byUtf8);
    private final long sliceGrace;
    private final long advance;
    private Long learningStarted;
    private long partitionTime = -1;
    private long streamTime = -1;
    private long slicesObserved = Long.MIN_VALUE;
    private long nextPunctuation = 0;
    private long lastRecordStreamTime = Long.MIN_VALUE;

    public SequentialAnalyzer(AnalyzerPlan plan, AnalyzerMetrics metrics, Outputs outputs) {
        this(plan, metrics, outputs, System::currentTimeMillis);
    }

    SequentialAnalyzer(AnalyzerPlan plan, AnalyzerMetrics metrics, Outputs outputs, LongSupplier wallClock) {
        this.plan = plan;
        this.metrics = metrics;
        this.outputs = outputs;
        this.wallClock = wallClock;
        this.intake = new Intake(plan, wallClock);
        this.eventIds = new EventIds(plan.dedupeRetention().toMillis());
        this.sliceGrace = plan.slicing().sliceGrace() + plan.partitionSkew().toMillis();
        // A windowed aggregate's store keeps a window's size plus its grace, unless told otherwise.
        this.slices = new Slices(plan.slicing().slice() + sliceGrace);
        this.advance = plan.slicing().advance();
        this.keeper = new IncidentKeeper(plan, new State());
    }

    /** The intake that prepares this analyzer's arrivals. */
    public Intake intake() {
        return intake;
    }

    /** Takes the next raw event of the partition, in order. */
    public void accept(Arrival arrival) {
        long time = timestamp(arrival);
        if (time < 0) {
            // Kafka Streams skips a record whose extracted time is negative.
            return;
        }
        metrics.rawEvent();
        partitionTime = Math.max(partitionTime, time);
        streamTime = Math.max(streamTime, time);
        List<KeyValue<String, Occurrence>> repartitioned = arrival.judgement() == null ? List.of()
                : candidate(arrival, time);
        maybePunctuate();
        for (KeyValue<String, Occurrence> occurrence : repartitioned) {
            count(occurrence.key, occurrence.value, time);
            maybePunctuate();
        }
    }

    /**
     * Lets wall-clock time pass after the last record, as the analyzer's wall-clock punctuation would: growth the
     * update interval held back is sent, and incidents quiet for that long resolve.
     */
    public void advanceWallClock(Duration elapsed) {
        if (lastRecordStreamTime != Long.MIN_VALUE) {
            keeper.resolveQuiet(lastRecordStreamTime + elapsed.toMillis(), this::send);
        }
    }

    private long timestamp(Arrival arrival) {
        if (arrival.time() != Long.MIN_VALUE) {
            return arrival.time();
        }
        if (arrival.timeFault() == TIME_AHEAD) {
            metrics.eventTimeAhead();
        } else {
            metrics.eventTimeUnreadable();
        }
        return partitionTime >= 0 ? partitionTime : Math.max(wallClock.getAsLong(), 0);
    }

    /** The candidate's way through dedupe and judgement; returns its occurrences for the counts. */
    private List<KeyValue<String, Occurrence>> candidate(Arrival arrival, long time) {
        if (arrival.eventId() != null) {
            String id = new String(arrival.eventId(), StandardCharsets.UTF_8);
            if (eventIds.seen(id, time, arrival.time() == time)) {
                metrics.duplicateDropped();
                return List.of();
            }
            eventIds.put(id, time);
        }
        DenialEnricher.Judgement judgement = arrival.judgement();
        if (judgement.problem() != null) {
            metrics.unreadable();
            outputs.unreadable(arrival.eventId(), judgement.problem());
            return List.of();
        }
        if (judgement.denial() == null) {
            return List.of();
        }
        Classified classified = DenialEnricher.count(judgement.denial(), time, streamTime, plan.slicing(),
                plan.noise(), metrics);
        outputs.denial(classified.denial());
        if (!classified.counted()) {
            return List.of();
        }
        return AnalyzerTopology.perDimension(plan.dimensions(), Occurrences.of(classified.denial(), time));
    }

    /** The window aggregate of the slices and the detector after it. */
    private void count(String key, Occurrence occurrence, long time) {
        slicesObserved = Math.max(slicesObserved, time);
        long sliceLength = plan.slicing().slice();
        long sliceStart = time - time % sliceLength;
        if (sliceStart + sliceLength <= slicesObserved - sliceGrace) {
            return;
        }
        Slices.Slot slot = slices.get(key, sliceStart);
        if (slot == null) {
            slot = new Slices.Slot(new WindowAggregate(), time);
        } else {
            slot.timestamp = Math.max(time, slot.timestamp);
        }
        slot.aggregate.add(occurrence);
        slices.put(key, sliceStart, slot);
        if (!keeper.watches(key)) {
            return;
        }
        long now = Math.max(streamTime, slot.timestamp);
        lastRecordStreamTime = now;
        keeper.onSlice(key, sliceStart, slot.aggregate, now, this::send);
    }

    /** Kafka Streams' stream-time punctuation: aligned to zero, at most once per record, at the stream time. */
    private void maybePunctuate() {
        if (streamTime < 0 || streamTime < nextPunctuation) {
            return;
        }
        keeper.resolveQuiet(streamTime, this::send);
        long next = nextPunctuation + advance;
        nextPunctuation = streamTime >= next ? nextPunctuation + ((streamTime - nextPunctuation) / advance + 1) * advance
                : next;
    }

    private void send(SpikeRecord message, long now) {
        metrics.incident(message.state().name(), message.dimension());
        outputs.incident(message);
    }

    private static int byUtf8(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    /** The keeper's state in plain maps. */
    private final class State implements IncidentKeeper.State {

        @Override
        public SpikeState spikeState(String qualified) {
            return spikeStates.get(qualified);
        }

        @Override
        public void spikeState(String qualified, SpikeState state) {
            spikeStates.put(qualified, state);
        }

        @Override
        public Long learningStarted() {
            return learningStarted;
        }

        @Override
        public void learningStarted(long time) {
            learningStarted = time;
        }

        @Override
        public void markOpen(String qualified, long time) {
            openIncidents.put(qualified, time);
        }

        @Override
        public void markClosed(String qualified) {
            openIncidents.remove(qualified);
        }

        @Override
        public List<String> openKeys() {
            return new ArrayList<>(openIncidents.keySet());
        }

        @Override
        public List<WindowAggregate> slices(String qualified, long from, long to) {
            return slices.range(qualified, from, to);
        }
    }

    /**
     * The eventIDs seen, as the topology's in-memory window store keeps them: each at a time, forgotten once the
     * newest time put is a retention past it.
     */
    private static final class EventIds {

        private final long retention;
        private final Map<String, TreeSet<Long>> times = new HashMap<>();
        private long observed = Long.MIN_VALUE;
        private long swept = Long.MIN_VALUE;

        EventIds(long retention) {
            this.retention = retention;
        }

        /** {@link Deduplicator}'s test: at its event time, or anywhere within the retention around it. */
        boolean seen(String id, long time, boolean atEventTime) {
            TreeSet<Long> at = times.get(id);
            if (at == null) {
                return false;
            }
            long oldestLive = observed - retention + 1;
            if (atEventTime) {
                return time >= oldestLive && at.contains(time);
            }
            long from = Math.max(time - retention, oldestLive);
            Long found = at.ceiling(from);
            return found != null && found <= time + retention;
        }

        void put(String id, long time) {
            observed = Math.max(observed, time);
            if (time <= observed - retention) {
                return;
            }
            times.computeIfAbsent(id, k -> new TreeSet<>()).add(time);
            if (swept == Long.MIN_VALUE) {
                swept = observed;
            } else if (observed - swept >= retention) {
                sweep();
            }
        }

        /** Forgets what has expired, now and then, so that memory holds a retention's ids. */
        private void sweep() {
            long oldestLive = observed - retention + 1;
            for (Iterator<TreeSet<Long>> it = times.values().iterator(); it.hasNext(); ) {
                TreeSet<Long> at = it.next();
                at.headSet(oldestLive).clear();
                if (at.isEmpty()) {
                    it.remove();
                }
            }
            swept = observed;
        }
    }

    /** The slices' aggregates, as the windowed aggregate's in-memory store keeps them. */
    private static final class Slices {

        static final class Slot {
            final WindowAggregate aggregate;
            long timestamp;

            Slot(WindowAggregate aggregate, long timestamp) {
                this.aggregate = aggregate;
                this.timestamp = timestamp;
            }
        }

        private final long retention;
        private final Map<String, TreeMap<Long, Slot>> byKey = new HashMap<>();
        private long observed = Long.MIN_VALUE;
        private long swept = Long.MIN_VALUE;

        Slices(long retention) {
            this.retention = retention;
        }

        Slot get(String key, long start) {
            TreeMap<Long, Slot> slots = byKey.get(key);
            if (slots == null || start <= observed - retention) {
                return null;
            }
            return slots.get(start);
        }

        void put(String key, long start, Slot slot) {
            observed = Math.max(observed, start);
            if (start <= observed - retention) {
                return;
            }
            byKey.computeIfAbsent(key, k -> new TreeMap<>()).put(start, slot);
            if (swept == Long.MIN_VALUE) {
                swept = observed;
            } else if (observed - swept >= retention) {
                sweep();
            }
        }

        List<WindowAggregate> range(String key, long from, long to) {
            TreeMap<Long, Slot> slots = byKey.get(key);
            long min = Math.max(from, observed - retention + 1);
            if (slots == null || to < min) {
                return List.of();
            }
            List<WindowAggregate> parts = new ArrayList<>();
            for (Slot slot : slots.subMap(min, true, to, true).values()) {
                parts.add(slot.aggregate);
            }
            return parts;
        }

        private void sweep() {
            long oldestLive = observed - retention + 1;
            for (Iterator<TreeMap<Long, Slot>> it = byKey.values().iterator(); it.hasNext(); ) {
                TreeMap<Long, Slot> slots = it.next();
                slots.headMap(oldestLive).clear();
                if (slots.isEmpty()) {
                    it.remove();
                }
            }
            swept = observed;
        }
    }
}
