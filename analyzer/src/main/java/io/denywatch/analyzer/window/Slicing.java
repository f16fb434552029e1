package io.denywatch.analyzer.window;

import java.time.Duration;

/**
 * Hopping windows counted as tumbling slices: each denial is added to one slice (per key) instead of to every window
 * that contains it, and a window's count is the sum of its slices.
 *
 * <p>A slice is as long as the largest duration that divides both the window size and the advance, so every window
 * is made of whole slices: with 5-minute windows advancing by 1 minute, a denial updates one 1-minute slice instead
 * of five windows. A slice takes a denial as long as the newest window containing it is still open (its end plus the
 * grace period is after stream time): that is the slice's grace. A window is only ever evaluated while it is open
 * itself, so every denial in its slices arrived while it was open — the same denials Kafka Streams' hopping windows
 * would have counted in it, no more, no fewer.
 *
 * @param size    window size, milliseconds
 * @param advance how far windows hop, milliseconds
 * @param grace   how late a denial may arrive and still count in a window, milliseconds
 */
public record Slicing(long size, long advance, long grace) {

    public Slicing {
        if (size <= 0 || advance <= 0 || advance > size || grace < 0) {
            throw new IllegalArgumentException("need 0 < advance <= size and grace >= 0, got size " + size
                    + " ms, advance " + advance + " ms, grace " + grace + " ms");
        }
    }

    public static Slicing of(Duration size, Duration advance, Duration grace) {
        return new Slicing(size.toMillis(), advance.toMillis(), grace.toMillis());
    }

    /** Length of one slice: the greatest common divisor of size and advance. */
    public long slice() {
        long a = size;
        long b = advance;
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    /** The slices' grace: a slice stays open as long as the newest window containing it. */
    public long sliceGrace() {
        return grace + size - slice();
    }

    /** Start of the oldest window that contains the slice starting at {@code sliceStart}. */
    public long firstWindowContaining(long sliceStart) {
        long from = Math.max(0, sliceStart - size + slice());
        return Math.floorDiv(from + advance - 1, advance) * advance;
    }

    /**
     * Whether a denial at {@code eventTime} comes too late for every window, at stream time {@code streamTime}: the
     * newest window containing it has closed.
     */
    public boolean isLate(long eventTime, long streamTime) {
        return !isOpen(Math.floorDiv(eventTime, advance) * advance, streamTime);
    }

    /** Whether the window starting at {@code windowStart} still takes denials at stream time {@code streamTime}. */
    public boolean isOpen(long windowStart, long streamTime) {
        return windowStart + size + grace > streamTime;
    }

    /** Slices that start before this belong to no window still open at {@code streamTime}. */
    public long oldestUsefulSlice(long streamTime) {
        return streamTime - grace - size + 1;
    }
}
