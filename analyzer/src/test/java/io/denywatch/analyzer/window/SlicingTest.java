package io.denywatch.analyzer.window;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sum of a window's slices must be exactly the count Kafka Streams' hopping windows keep for it, for every window
 * still open, whatever the order and lateness of the denials.
 */
class SlicingTest {

    private static final long SECOND = 1000;
    private static final long MINUTE = 60 * SECOND;

    @Test
    void slicesAreTheGreatestCommonDivisorOfSizeAndAdvance() {
        assertEquals(MINUTE, Slicing.of(Duration.ofMinutes(5), Duration.ofMinutes(1), Duration.ofMinutes(15)).slice());
        assertEquals(MINUTE, Slicing.of(Duration.ofMinutes(5), Duration.ofMinutes(2), Duration.ZERO).slice());
        assertEquals(2 * MINUTE, Slicing.of(Duration.ofMinutes(6), Duration.ofMinutes(4), Duration.ZERO).slice());
        assertEquals(10 * SECOND, Slicing.of(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ZERO).slice());
    }

    @Test
    void theSumOfAWindowsSlicesIsItsHoppingWindowCount() {
        long[][] configs = {
            {5 * MINUTE, MINUTE, 15 * MINUTE},    // the defaults
            {5 * MINUTE, 2 * MINUTE, MINUTE},     // size not a multiple of the advance
            {6 * MINUTE, 4 * MINUTE, 3 * MINUTE},
            {10 * SECOND, 10 * SECOND, 0},        // tumbling, no grace
            {5 * MINUTE, MINUTE, 0},
        };
        for (long[] c : configs) {
            for (long seed = 1; seed <= 20; seed++) {
                check(new Slicing(c[0], c[1], c[2]), seed);
            }
        }
    }

    /** Replays denials with jitter and some very late ones against both models, comparing after every denial. */
    private static void check(Slicing slicing, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long slice = slicing.slice();
        long sliceGrace = slicing.sliceGrace();
        Map<Long, Long> hopping = new HashMap<>();
        TreeMap<Long, Long> slices = new TreeMap<>();
        long streamTime = Long.MIN_VALUE;
        long clock = 1_700_000_000_000L;
        int accepted = 0;
        int dropped = 0;
        for (int i = 0; i < 2000; i++) {
            clock += random.nextLong(20 * SECOND);
            long lateness = random.nextInt(10) == 0 ? random.nextLong(slicing.size() + slicing.grace() + 10 * MINUTE)
                    : random.nextLong(30 * SECOND);
            long time = clock - lateness;
            streamTime = Math.max(streamTime, time);

            // Kafka Streams' hopping windows: every window containing the record whose end is after stream time
            // minus grace takes it (TimeWindows.windowsFor and KStreamWindowAggregate).
            boolean any = false;
            for (long start = Math.max(0, time - slicing.size() + slicing.advance()) / slicing.advance()
                    * slicing.advance(); start <= time; start += slicing.advance()) {
                if (start + slicing.size() > streamTime - slicing.grace()) {
                    hopping.merge(start, 1L, Long::sum);
                    any = true;
                }
            }
            // The slices: one tumbling window of the slice's length, with the slices' grace.
            long sliceStart = time - time % slice;
            if (sliceStart + slice > streamTime - sliceGrace) {
                slices.merge(sliceStart, 1L, Long::sum);
            }
            assertEquals(!any, slicing.isLate(time, streamTime), slicing + " seed " + seed + " denial " + i
                    + ": late, for the enricher, exactly when no hopping window takes it");
            if (any) {
                accepted++;
            } else {
                dropped++;
            }

            for (long start = slicing.firstWindowContaining(sliceStart); start <= sliceStart;
                 start += slicing.advance()) {
                if (slicing.isOpen(start, streamTime)) {
                    long sum = slices.subMap(start, start + slicing.size()).values().stream()
                            .mapToLong(Long::longValue).sum();
                    assertEquals(hopping.getOrDefault(start, 0L), sum, slicing + " seed " + seed + " window "
                            + start + " after denial " + i);
                    assertTrue(start >= slicing.oldestUsefulSlice(streamTime), "the state keeps its slices");
                }
            }
            assertEquals(slicing.isOpen(time - time % slicing.advance(), streamTime), any,
                    "a denial counts at all exactly when the newest window containing it is open");
        }
        assertTrue(accepted > 0 && dropped > 0, slicing + " seed " + seed + ": both kinds exercised");
    }

    @Test
    void aSliceBelongsToTheWindowsThatContainItWhole() {
        Slicing s = Slicing.of(Duration.ofMinutes(5), Duration.ofMinutes(1), Duration.ofMinutes(15));
        assertEquals(6 * MINUTE, s.firstWindowContaining(10 * MINUTE));
        Slicing odd = Slicing.of(Duration.ofMinutes(5), Duration.ofMinutes(2), Duration.ZERO);
        // [6,11), [8,13) and [10,15) contain the slice [10,11); [4,9) does not.
        assertEquals(6 * MINUTE, odd.firstWindowContaining(10 * MINUTE));
    }
}
