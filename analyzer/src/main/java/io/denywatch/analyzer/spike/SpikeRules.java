package io.denywatch.analyzer.spike;

import java.time.Duration;

/**
 * When a key's count is a spike, and how an incident evolves.
 *
 * @param minCount          a window needs at least this many denials to be a spike
 * @param factor            ...and at least this many times the key's baseline
 * @param minBaseline       the baseline never counts as lower than this (a new key has baseline 0)
 * @param baselineWindows   the baseline is an EWMA over about this many past windows (one per advance)
 * @param windowSize        size of the counting windows
 * @param advance           how far windows hop
 * @param updateInterval    an open incident is updated at most this often
 * @param resolveAfter      an incident resolves after this many window sizes without a spike
 * @param updateGrowth      an incident is updated once its total has grown by this fraction since the last message
 */
public record SpikeRules(long minCount, double factor, double minBaseline, int baselineWindows, Duration windowSize,
                         Duration advance, Duration updateInterval, int resolveAfter, double updateGrowth) {

    /** Rules that update an incident once it has grown by half. */
    public SpikeRules(long minCount, double factor, double minBaseline, int baselineWindows, Duration windowSize,
                      Duration advance, Duration updateInterval, int resolveAfter) {
        this(minCount, factor, minBaseline, baselineWindows, windowSize, advance, updateInterval, resolveAfter, 0.5);
    }

    /** Whether an incident of {@code total} denials has grown enough since a message that said {@code sent}. */
    boolean grewMaterially(long total, long sent) {
        return total > sent && total >= sent + Math.ceil(sent * updateGrowth);
    }

    /** The EWMA weight of the newest window. */
    double alpha() {
        return 2.0 / (baselineWindows + 1);
    }

    /** Whether a window count is a spike against this baseline. */
    boolean isSpike(long count, double baseline) {
        return count >= minCount && count >= factor * Math.max(baseline, minBaseline);
    }

    /** Quiet time after which an incident resolves. */
    Duration quietToResolve() {
        return windowSize.multipliedBy(resolveAfter);
    }
}
