package io.denywatch.embedded;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.function.Supplier;

/**
 * A fuzz test's check that no input makes the code under test allocate without bound or run long: counts the bytes the
 * current thread allocates while it runs (where the JVM can count them per thread) and the time it takes.
 *
 * <p>The time check does not stop a hang: while fuzzing, libFuzzer's {@code -timeout} does (see the {@code fuzz}
 * profile); replaying stored inputs, it flags an input that has become slow.
 */
public final class AllocationBudget {

    private static final com.sun.management.ThreadMXBean THREADS = threads();
    private static final long MAX_NANOS = 5_000_000_000L;

    private AllocationBudget() {
    }

    /**
     * Runs {@code action}, failing when it takes over 5 s or allocates more than {@code fixed} bytes plus 64 per input
     * byte. A run over
     * the budget is repeated once and only the repeat counts: the first use of a code path also pays for loading and
     * initialising classes, which is not the input's doing.
     */
    public static <T> T within(long fixed, long inputBytes, Supplier<T> action) {
        long limit = fixed + 64 * inputBytes;
        long before = allocated();
        long start = System.nanoTime();
        T result = action.get();
        long nanos = System.nanoTime() - start;
        assertTrue(nanos <= MAX_NANOS, () -> nanos / 1_000_000 + " ms for " + inputBytes + " input bytes");
        long used = allocated() - before;
        if (THREADS == null || used <= limit) {
            return result;
        }
        before = allocated();
        result = action.get();
        long again = allocated() - before;
        assertTrue(again <= limit, () -> again + " bytes allocated for " + inputBytes + " input bytes, over " + limit);
        return result;
    }

    private static long allocated() {
        return THREADS == null ? 0 : THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    private static com.sun.management.ThreadMXBean threads() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
                && t.isThreadAllocatedMemorySupported()) {
            t.setThreadAllocatedMemoryEnabled(true);
            return t;
        }
        return null;
    }
}
