package io.denywatch.ingest.logfile;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Iterator combinators that pull from their source only when asked, so a chain of S3 listings fetches the next page
 * only when the previous one has been used up.
 */
final class LazyIterators {

    private LazyIterators() {
    }

    /** Every inner iterator's elements in turn; see {@link FlatMapIterator} for why not {@code Stream.flatMap}. */
    static <T, R> Iterator<R> flatMap(final Iterator<T> source,
            final Function<? super T, ? extends Iterator<? extends R>> expand) {
        return new FlatMapIterator<>(source, expand);
    }

    /** Each element of {@code source} through {@code mapper}. */
    static <T, R> Iterator<R> map(final Iterator<T> source, final Function<? super T, ? extends R> mapper) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(mapper, "mapper");
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return source.hasNext();
            }

            @Override
            public R next() {
                return mapper.apply(source.next());
            }
        };
    }

    /** The elements of {@code source} that {@code keep} accepts. */
    static <T> Iterator<T> filter(final Iterator<T> source, final Predicate<? super T> keep) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(keep, "keep");
        return new Iterator<>() {
            private T next;
            private boolean ready;

            @Override
            public boolean hasNext() {
                while (!ready && source.hasNext()) {
                    final T candidate = source.next();
                    if (keep.test(candidate)) {
                        next = candidate;
                        ready = true;
                    }
                }
                return ready;
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                ready = false;
                final T result = next;
                next = null;
                return result;
            }
        };
    }
}
