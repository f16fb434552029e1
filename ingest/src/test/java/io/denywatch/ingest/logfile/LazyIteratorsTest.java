package io.denywatch.ingest.logfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import org.junit.jupiter.api.Test;

class LazyIteratorsTest {

    @Test
    void flatMapSkipsEmptyInnersAndKeepsOrder() {
        final Iterator<Integer> flat = LazyIterators.flatMap(List.of(0, 2, 0, 3, 0).iterator(),
                n -> Collections.nCopies(n, n).iterator());
        assertEquals(List.of(2, 2, 3, 3, 3), drain(flat));
    }

    @Test
    void flatMapExpandsTheNextOuterElementOnlyWhenTheCurrentInnerIsUsedUp() {
        final List<Integer> expanded = new ArrayList<>();
        final Iterator<Integer> flat = LazyIterators.flatMap(List.of(1, 2, 3).iterator(), n -> {
            expanded.add(n);
            return List.of(n * 10, n * 10 + 1).iterator();
        });
        assertEquals(List.of(), expanded);
        flat.next();
        flat.next();
        assertEquals(List.of(1), expanded);
        flat.next();
        assertEquals(List.of(1, 2), expanded);
    }

    @Test
    void filterAndMapCompose() {
        final Iterator<String> odd = LazyIterators.map(
                LazyIterators.filter(List.of(1, 2, 3, 4, 5).iterator(), n -> n % 2 == 1), n -> "#" + n);
        assertEquals(List.of("#1", "#3", "#5"), drain(odd));
    }

    @Test
    void everyIteratorThrowsNoSuchElementWhenUsedUp() {
        final List<Iterator<Integer>> used = List.of(
                LazyIterators.flatMap(List.of(0).iterator(), n -> Collections.<Integer>emptyIterator()),
                LazyIterators.filter(List.of(1).iterator(), n -> false),
                LazyIterators.map(Collections.<Integer>emptyIterator(), n -> n));
        for (final Iterator<Integer> it : used) {
            assertFalse(it.hasNext());
            assertThrows(NoSuchElementException.class, it::next);
        }
    }

    private static <T> List<T> drain(final Iterator<T> it) {
        final List<T> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
