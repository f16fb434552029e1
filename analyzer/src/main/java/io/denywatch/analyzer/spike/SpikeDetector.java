package io.denywatch.analyzer.spike;

import io.denywatch.analyzer.window.Dimension;
import io.denywatch.analyzer.window.Occurrence;
import io.denywatch.analyzer.window.WindowAggregate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Decides, for one key, when its denials are a spike against its own baseline, and turns that into one incident:
 * OPEN as soon as a window crosses the threshold (not when the window closes), UPDATE at most every
 * {@code updateInterval} while it grows, RESOLVED once no window has crossed it for {@code resolveAfter} window sizes.
 *
 * <p>The baseline is an exponentially weighted average of the key's completed windows (one per advance, empty windows
 * counting zero). It is frozen while an incident is open, so a long incident does not teach the baseline that it is
 * normal. All times are event (stream) times, so replaying old logs gives the same incidents as living through them,
 * with the same incident ids.
 */
public final class SpikeDetector {

    private final SpikeRules rules;

    public SpikeDetector(SpikeRules rules) {
        this.rules = rules;
    }

    /**
     * A window of the key has a new count.
     *
     * @param now     stream time
     * @param mayOpen false while the analyzer is still learning baselines after its start: counts teach the baseline
     *                but open no incident, so that steady old noise does not flood the first minutes with alerts
     * @return the message to send about the incident, if any
     */
    public Optional<SpikeRecord> onWindow(SpikeState state, Dimension dimension, String key, long windowStart,
                                          WindowAggregate window, long now, boolean mayOpen) {
        return onWindow(state, dimension, key, windowStart, window.count(), window.firstSeen(), () -> window, now,
                mayOpen);
    }

    /**
     * A window of the key has a new count; its aggregate is asked for only when a message about it is sent.
     *
     * @param count     denials in the window
     * @param firstSeen event time of the window's first denial (or of an earlier denial of the key)
     * @param window    the window's aggregate, with the same or a newer count
     */
    public Optional<SpikeRecord> onWindow(SpikeState state, Dimension dimension, String key, long windowStart,
                                          long count, long firstSeen, Supplier<WindowAggregate> window, long now,
                                          boolean mayOpen) {
        state.firstEvent = Math.min(state.firstEvent, firstSeen);
        // A late event in a window already folded into the baseline still counts toward a spike, not the baseline.
        if (windowStart > state.foldedUpTo) {
            state.openWindows.merge(windowStart, count, Math::max);
        }
        fold(state, now);
        boolean spike = rules.isSpike(count, state.baseline);
        if (spike) {
            state.lastAbove = now;
        }
        if (state.incident != null) {
            state.coveredUpTo = Math.max(state.coveredUpTo, windowStart);
        }
        if (spike && state.incident == null && mayOpen && windowStart > state.coveredUpTo) {
            SpikeRecord open = record(SpikeRecord.State.OPEN, incidentId(dimension, key, windowStart), dimension,
                    windowStart, window.get(), state.baseline, Instant.ofEpochMilli(now));
            state.incident = open;
            state.coveredUpTo = windowStart;
            state.lastSent = now;
            return Optional.of(open);
        }
        if (spike && state.incident != null && count > state.incident.count()
                && now - state.lastSent >= rules.updateInterval().toMillis()) {
            SpikeRecord update = record(SpikeRecord.State.UPDATE, state.incident.incidentId(), dimension, windowStart,
                    window.get(), state.incident.baseline(), state.incident.openedAt());
            state.incident = update;
            state.lastSent = now;
            return Optional.of(update);
        }
        return resolveIfQuiet(state, now);
    }

    /** Time passed without a new count for the key: resolves its incident once quiet long enough. */
    public Optional<SpikeRecord> onTick(SpikeState state, long now) {
        fold(state, now);
        return resolveIfQuiet(state, now);
    }

    private Optional<SpikeRecord> resolveIfQuiet(SpikeState state, long now) {
        if (state.incident == null || now - state.lastAbove < rules.quietToResolve().toMillis()) {
            return Optional.empty();
        }
        SpikeRecord resolved = state.incident.withState(SpikeRecord.State.RESOLVED);
        state.incident = null;
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

    private SpikeRecord record(SpikeRecord.State state, String incidentId, Dimension dimension, long windowStart,
                               WindowAggregate w, double baseline, Instant openedAt) {
        Occurrence.Why why = w.dominantReason();
        SpikeRecord.Reason reason = why == null ? null : new SpikeRecord.Reason(why.denyKind(), why.policyType(),
                why.fixLocation(), why.policyArn(), why.advice(), why.nextSteps());
        return new SpikeRecord(SpikeRecord.SCHEMA_VERSION, incidentId, state, severity(w.count()), dimension.id(),
                key(dimension, w), Instant.ofEpochMilli(windowStart),
                Instant.ofEpochMilli(windowStart + rules.windowSize().toMillis()), w.count(),
                Math.round(baseline * 100) / 100.0, Instant.ofEpochMilli(w.firstSeen()),
                Instant.ofEpochMilli(w.lastSeen()), openedAt, w.principalArn(), w.actions().top(5),
                w.resources().top(5), w.resourceFamilies().top(5), w.errorMessages().top(3), w.policyTypes().top(5),
                w.sampleEventIds(), w.sampleRequestIds(), reason);
    }

    private static SpikeRecord.Key key(Dimension dimension, WindowAggregate w) {
        return switch (dimension) {
            case PRINCIPAL -> new SpikeRecord.Key(w.identityArn(), null, null, w.account());
            case PRINCIPAL_ACTION_RESOURCE -> new SpikeRecord.Key(w.identityArn(), w.actions().first(),
                    w.resourceFamilies().first(), w.account());
            case ACCOUNT -> new SpikeRecord.Key(null, null, null, w.account());
        };
    }

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
