package io.denywatch.ingest.logfile;

import java.util.Collections;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Function;

/**
 * Flattens an iterator of iterators, asking for the next inner one only when the current is used up.
 *
 * <p>{@code Stream.flatMap} is not used for this: read through {@code Stream.iterator()} it pulls a whole inner
 * stream at once, which for a listing means every page of a day folder before the first key is returned.
 */
final class FlatMapIterator<T, R> implements Iterator<R> {

    private final Iterator<T> outer;
    private final Function<? super T, ? extends Iterator<? extends R>> expand;
    private Iterator<? extends R> inner = Collections.emptyIterator();

    FlatMapIterator(final Iterator<T> outer, final Function<? super T, ? extends Iterator<? extends R>> expand) {
        this.outer = Objects.requireNonNull(outer, "outer");
        this.expand = Objects.requireNonNull(expand, "expand");
    }

    @Override
    public boolean hasNext() {
        while (!inner.hasNext()) {
            if (!outer.hasNext()) {
                return false;
            }
            inner = expand.apply(outer.next());
        }
        return true;
    }

    @Override
    public R next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return inner.next();
    }
}
