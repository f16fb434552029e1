package io.denywatch.analyzer.spike;

import io.denywatch.contract.incident.SpikeRecord;

import io.denywatch.analyzer.window.Dimension;
import io.denywatch.analyzer.window.Occurrence;
import io.denywatch.analyzer.window.Slicing;
import io.denywatch.analyzer.window.WindowAggregate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * Decides, for one key, when its denials are a spike against its own baseline, and turns that into one incident told
 * whole: OPEN as soon as a window crosses the threshold (not when the window closes), UPDATE when the incident has
 * grown materially or grown louder (at most every {@code updateInterval}), RESOLVED once no window has crossed the
 * threshold for {@code resolveAfter} window sizes — every message carrying the incident's total since the window that
 * opened it, its peak window and its span.
 *
 * <p>The counts arrive per slice (see {@link Slicing}): a window's count is the sum of its slices, and the incident's
 * total the sum of its slices since the opening window. A denial that arrives late — a log file bringing what the
 * EventBridge fast path did not, minutes after — lands in its own slice, so it raises the windows that are still open
 * and the incident's total, and can open the incident in a window that was quiet when the fast path passed it.
 *
 * <p>The baseline is an exponentially weighted average of the key's completed windows (one per advance, empty windows
 * counting zero). It is frozen while an incident is open, so a long incident does not teach the baseline that it is
 * normal. All times are event (stream) times, so replaying old logs gives the same incidents as living through them,
 * with the same incident ids.
 */
public final class SpikeDetector {

    private final SpikeRules rules;
    private final Slicing slicing;
    private final long settleAfter;

    /**
     * @param partitionSkew how long after its windows close a slice may still change (see the analyzer's
     *                      {@code analyzer.window.partition-skew}): the incident's total keeps such slices apart until
     *                      then
     */
    public SpikeDetector(SpikeRules rules, Slicing slicing, Duration partitionSkew) {
        this.rules = rules;
        this.slicing = slicing;
        this.settleAfter = partitionSkew.toMillis();
    }

    /** A detector whose slices cannot change once their windows have closed. */
    public SpikeDetector(SpikeRules rules, Slicing slicing) {
        this(rules, slicing, Duration.ZERO);
    }

    /**
     * A slice of the key has a new count.
     *
     * @param sliceStart start of the slice
     * @param slice      the slice's aggregate so far (its whole count, not an increment)
     * @param windows    the aggregate of the window starting at a given time, merged from the key's slices; asked for
     *                   only when a message about that window is sent
     * @param now        stream time
     * @param mayOpen    false while the analyzer is still learning baselines after its start: counts teach the
     *                   baseline but open no incident, so that steady old noise does not flood the first minutes
     * @return the messages to send about the key's incident, in order (often none)
     */
    public List<SpikeRecord> onSlice(SpikeState state, Dimension dimension, String key, long sliceStart,
                                     WindowAggregate slice, LongFunction<WindowAggregate> windows, long now,
                                     boolean mayOpen) {
        adoptOldIncident(state);
        state.slice(sliceStart, slice.count(), slicing.oldestUsefulSlice(now));
        state.firstEvent = Math.min(state.firstEvent, slice.firstSeen());
        if (state.incident != null && sliceStart >= state.incidentStart) {
            state.incidentSlices.put(sliceStart, slice.count());
            state.incidentFirstSeen = Math.min(state.incidentFirstSeen, slice.firstSeen());
            state.incidentLastSeen = Math.max(state.incidentLastSeen, slice.lastSeen());
        }
        List<SpikeRecord> messages = new ArrayList<>(1);
        long grownStart = Long.MIN_VALUE;
        long grownCount = -1;
        for (long start = slicing.firstWindowContaining(sliceStart); start <= sliceStart;
             start += slicing.advance()) {
            if (!slicing.isOpen(start, now)) {
                continue;
            }
            long count = state.sliceSum(start, start + slicing.size());
            // A late count in a window already folded into the baseline still counts toward a spike, not the
            // baseline.
            if (start > state.foldedUpTo) {
                state.openWindows.merge(start, count, Math::max);
            }
            fold(state, now);
            boolean spike = rules.isSpike(count, state.baseline);
            if (spike) {
                state.lastAbove = now;
            }
            if (state.incident != null) {
                state.coveredUpTo = Math.max(state.coveredUpTo, start);
                if (count > state.peakCount) {
                    state.peakCount = count;
                    state.peakWindowStart = start;
                }
                if (spike && count > grownCount) {
                    grownCount = count;
                    grownStart = start;
                }
            } else if (spike && mayOpen && start > state.coveredUpTo) {
                messages.add(open(state, dimension, key, start, windows.apply(start), now));
            }
        }
        if (messages.isEmpty() && state.incident != null) {
            update(state, now, grownStart, windows).ifPresent(messages::add);
        }
        settle(state, now);
        resolveIfQuiet(state, now).ifPresent(messages::add);
        return messages;
    }

    private SpikeRecord open(SpikeState state, Dimension dimension, String key, long windowStart, WindowAggregate w,
                             long now) {
        state.incidentStart = windowStart;
        state.incidentSlices = new TreeMap<>(state.slices.tailMap(windowStart));
        state.incidentSettled = 0;
        state.peakCount = w.count();
        state.peakWindowStart = windowStart;
        state.incidentFirstSeen = w.firstSeen();
        state.incidentLastSeen = w.lastSeen();
        long total = state.incidentTotal();
        SpikeRecord open = record(SpikeRecord.State.OPEN, incidentId(dimension, key, windowStart), dimension,
                windowStart, w, state.baseline, Instant.ofEpochMilli(now), state);
        state.incident = open;
        state.coveredUpTo = windowStart;
        state.lastSent = now;
        state.sentTotal = total;
        return open;
    }

    /**
     * Sends an UPDATE when the incident has grown materially since its last message, or its peak has reached a higher
     * severity, and the last message is at least {@code updateInterval} old; growth that must wait is sent by a later
     * count or tick.
     *
     * @param grownStart start of the window that grew in this step, or {@code Long.MIN_VALUE}: the update then reports
     *                   the incident's peak window
     * @param windows    a window's aggregate by its start, or null: the update then repeats the last message's window
     */
    private Optional<SpikeRecord> update(SpikeState state, long now, long grownStart,
                                         LongFunction<WindowAggregate> windows) {
        long total = state.incidentTotal();
        boolean bigger = rules.grewMaterially(total, state.sentTotal);
        boolean louder = severity(state.peakCount).compareTo(state.incident.severity()) > 0;
        if (!(bigger || louder) || now - state.lastSent < rules.updateInterval().toMillis()) {
            return Optional.empty();
        }
        SpikeRecord last = state.incident;
        long reported = grownStart != Long.MIN_VALUE ? grownStart : state.peakWindowStart;
        WindowAggregate w = windows == null || reported == Long.MIN_VALUE ? null : windows.apply(reported);
        // The peak window's slices may be gone from the store (an incident hours long): then the last message's
        // window is repeated with the new size.
        SpikeRecord update = w == null || w.count() == 0
                ? withSize(last, SpikeRecord.State.UPDATE, state, null)
                : record(SpikeRecord.State.UPDATE, last.incidentId(), Dimension.fromId(last.dimension()), reported, w,
                        last.baseline(), last.openedAt(), state);
        state.incident = update;
        state.lastSent = now;
        state.sentTotal = total;
        return Optional.of(update);
    }

    /** An incident opened by an earlier version has no total yet: it starts from the window that opened it. */
    private static void adoptOldIncident(SpikeState state) {
        if (state.incident != null && state.incidentStart == Long.MIN_VALUE) {
            SpikeRecord old = state.incident;
            state.incidentStart = old.windowStart().toEpochMilli();
            state.incidentSlices = new TreeMap<>(state.slices.tailMap(state.incidentStart));
            state.peakCount = old.count();
            state.peakWindowStart = state.incidentStart;
            state.incidentFirstSeen = old.firstSeen().toEpochMilli();
            state.incidentLastSeen = old.lastSeen().toEpochMilli();
            state.sentTotal = old.count();
        }
    }

    /** Adds the incident's slices that can no longer take denials to its settled total. */
    private void settle(SpikeState state, long now) {
        if (state.incident == null) {
            return;
        }
        long keepFrom = slicing.oldestUsefulSlice(now) - settleAfter;
        NavigableMap<Long, Long> settled = state.incidentSlices.headMap(keepFrom, false);
        for (long c : settled.values()) {
            state.incidentSettled += c;
        }
        settled.clear();
    }

    /**
     * Time passed without a new count for the key: sends growth held back by the update interval, and resolves the
     * incident once quiet long enough.
     *
     * @param windows a window's aggregate by its start, for the update's top lists; null repeats the last message's
     */
    public List<SpikeRecord> onTick(SpikeState state, long now, LongFunction<WindowAggregate> windows) {
        adoptOldIncident(state);
        fold(state, now);
        List<SpikeRecord> messages = new ArrayList<>(1);
        if (state.incident != null) {
            update(state, now, Long.MIN_VALUE, windows).ifPresent(messages::add);
        }
        settle(state, now);
        resolveIfQuiet(state, now).ifPresent(messages::add);
        return messages;
    }

    private Optional<SpikeRecord> resolveIfQuiet(SpikeState state, long now) {
        if (state.incident == null || now - state.lastAbove < rules.quietToResolve().toMillis()) {
            return Optional.empty();
        }
        SpikeRecord resolved = withSize(state.incident, SpikeRecord.State.RESOLVED, state, Instant.ofEpochMilli(now));
        state.incident = null;
        state.incidentStart = Long.MIN_VALUE;
        state.incidentSlices = new TreeMap<>();
        state.incidentSettled = 0;
        state.peakCount = 0;
        state.peakWindowStart = Long.MIN_VALUE;
        state.incidentFirstSeen = Long.MAX_VALUE;
        state.incidentLastSeen = Long.MIN_VALUE;
        state.sentTotal = 0;
        // The windows of the incident are not taught to the baseline; it resumes from the quiet windows after it.
        state.openWindows.headMap(state.lastAbove, true).clear();
        return Optional.of(resolved);
    }

    /** Folds every window that has ended by {@code now} into the baseline, in order, with empty windows as zero. */
    private void fold(SpikeState state, long now) {
        long advance = rules.advance().toMillis();
        long size = rules.windowSize().toMillis();
        while (!state.openWindows.isEmpty() && state.openWindows.firstKey() + size <= now) {
            Map.Entry<Long, Long> complete = state.openWindows.pollFirstEntry();
            // A window that began before the key's first denial is partly empty by construction, not quiet: it
            // would teach a baseline far below the key's real rate.
            if (state.incident != null || complete.getKey() < state.firstEvent) {
                state.foldedUpTo = complete.getKey();
                continue;
            }
            if (state.foldedUpTo != Long.MIN_VALUE) {
                long emptyBetween = Math.max(0, (complete.getKey() - state.foldedUpTo) / advance - 1);
                decay(state, emptyBetween);
            }
            ewma(state, complete.getValue());
            state.foldedUpTo = complete.getKey();
        }
    }

    private void ewma(SpikeState state, long count) {
        double alpha = rules.alpha();
        state.baseline = state.baselineWindows == 0 ? count : alpha * count + (1 - alpha) * state.baseline;
        state.baselineWindows++;
    }

    /** Folds {@code windows} empty windows at once: each multiplies the baseline by (1 - alpha). */
    private void decay(SpikeState state, long windows) {
        if (windows > 0 && state.baselineWindows > 0) {
            state.baseline *= Math.pow(1 - rules.alpha(), Math.min(windows, 10_000));
            state.baselineWindows += windows;
        }
    }

    /** A message about the window {@code w} (starting at {@code windowStart}), with the incident's whole size. */
    private SpikeRecord record(SpikeRecord.State state, String incidentId, Dimension dimension, long windowStart,
                               WindowAggregate w, double baseline, Instant openedAt, SpikeState size) {
        Occurrence.Why why = w.dominantReason();
        SpikeRecord.Reason reason = why == null ? null : new SpikeRecord.Reason(why.denyKind(), why.policyType(),
                why.fixLocation(), why.policyArn(), why.advice(), why.nextSteps());
        long start = windowStart;
        SpikeRecord message = new SpikeRecord(SpikeRecord.SCHEMA_VERSION, incidentId, state,
                severity(Math.max(w.count(), size.peakCount)), dimension.id(), key(dimension, w),
                Instant.ofEpochMilli(start), Instant.ofEpochMilli(start + rules.windowSize().toMillis()), w.count(),
                Math.round(baseline * 100) / 100.0, Instant.ofEpochMilli(w.firstSeen()),
                Instant.ofEpochMilli(w.lastSeen()), openedAt, w.principalArn(), w.actions().top(5),
                w.resources().top(5), w.resourceFamilies().top(5), w.errorMessages().top(3), w.policyTypes().top(5),
                w.sampleEventIds(), w.sampleRequestIds(), reason);
        return withSize(message, state, size, null);
    }

    /** The message with the incident's size as the state has it now. */
    private SpikeRecord withSize(SpikeRecord message, SpikeRecord.State newState, SpikeState size,
                                 Instant resolvedAt) {
        long peak = Math.max(size.peakCount, message.count());
        long peakStart = size.peakWindowStart != Long.MIN_VALUE ? size.peakWindowStart
                : message.windowStart().toEpochMilli();
        return message.withSize(newState, severity(peak), Math.max(size.incidentTotal(), message.count()), peak,
                Instant.ofEpochMilli(peakStart), Instant.ofEpochMilli(Math.min(size.incidentFirstSeen,
                        message.firstSeen().toEpochMilli())),
                Instant.ofEpochMilli(Math.max(size.incidentLastSeen, message.lastSeen().toEpochMilli())), resolvedAt);
    }

    private static SpikeRecord.Key key(Dimension dimension, WindowAggregate w) {
        return switch (dimension) {
            case PRINCIPAL -> new SpikeRecord.Key(w.identityArn(), null, null, w.account());
            case PRINCIPAL_ACTION_RESOURCE -> new SpikeRecord.Key(w.identityArn(), w.actions().first(),
                    w.resourceFamilies().first(), w.account());
            case ACCOUNT -> new SpikeRecord.Key(null, null, null, w.account());
        };
    }

    /** Severity from the incident's largest window. */
    private SpikeRecord.Severity severity(long count) {
        if (count >= 10 * rules.minCount()) {
            return SpikeRecord.Severity.CRITICAL;
        }
        return count >= 3 * rules.minCount() ? SpikeRecord.Severity.HIGH : SpikeRecord.Severity.MEDIUM;
    }

    /** Stable for the same key and first spiking window: replays produce the same incident ids. */
    static String incidentId(Dimension dimension, String key, long windowStart) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    (dimension.id() + '\n' + key + '\n' + windowStart).getBytes(StandardCharsets.UTF_8));
            return "dw-" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
