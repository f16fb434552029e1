package io.denywatch.cli.scan;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Maps inputs on several threads and hands the results back in input order, holding at most a fixed number ahead of
 * the consumer: files are read in parallel while the topology, which must see them in delivery order, takes them one
 * by one, and memory holds a few files' results, not the scan's.
 *
 * @param <I> input
 * @param <O> result
 */
final class OrderedParallel<I, O> implements Iterator<O>, AutoCloseable {

    private final Iterator<I> inputs;
    private final Function<I, O> work;
    private final ExecutorService pool;
    private final Deque<Future<O>> ahead = new ArrayDeque<>();
    private final int maxAhead;

    /**
     * @param threads  threads doing {@code work}
     * @param maxAhead results computed or under way at most, beyond the one being consumed
     */
    OrderedParallel(Iterator<I> inputs, Function<I, O> work, int threads, int maxAhead) {
        this.inputs = inputs;
        this.work = work;
        this.maxAhead = Math.max(1, maxAhead);
        this.pool = Executors.newFixedThreadPool(Math.max(1, threads), runnable -> {
            Thread t = new Thread(runnable, "scan-reader");
            t.setDaemon(true);
            return t;
        });
        fill();
    }

    private void fill() {
        while (ahead.size() < maxAhead && inputs.hasNext()) {
            I input = inputs.next();
            ahead.addLast(pool.submit(() -> work.apply(input)));
        }
    }

    @Override
    public boolean hasNext() {
        return !ahead.isEmpty();
    }

    @Override
    public O next() {
        Future<O> head = ahead.pollFirst();
        if (head == null) {
            throw new NoSuchElementException();
        }
        try {
            O result = head.get();
            fill();
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading files", e);
        } catch (ExecutionException e) {
            // work() reports a file's problems in its result; anything else is a fault of the scan itself.
            throw new IllegalStateException("reading a file failed: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
