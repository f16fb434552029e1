package io.denywatch.analyzer.window;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.denywatch.contract.incident.ValueCount;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts of values in one window, bounded in size.
 *
 * <p>Exact while a window sees at most {@code capacity} distinct values. Beyond that it keeps the heavy hitters with
 * the Space-Saving rule (a new value takes the place of the least counted one and inherits its count), so the values
 * that matter for an incident — the frequent ones — stay, and memory stays fixed whatever the traffic.
 */
public final class TopCounts {

    private final int capacity;
    private final Map<String, Long> counts;

    public TopCounts(int capacity) {
        this(capacity, new LinkedHashMap<>());
    }

    private TopCounts(int capacity, Map<String, Long> counts) {
        this.capacity = capacity;
        this.counts = counts;
    }

    /** Counts one occurrence of a value (null values are not counted). */
    public void add(String value) {
        if (value == null) {
            return;
        }
        Long current = counts.get(value);
        if (current != null) {
            counts.put(value, current + 1);
            return;
        }
        if (counts.size() < capacity) {
            counts.put(value, 1L);
            return;
        }
        String least = null;
        long leastCount = Long.MAX_VALUE;
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            if (e.getValue() < leastCount) {
                least = e.getKey();
                leastCount = e.getValue();
            }
        }
        counts.remove(least);
        counts.put(value, leastCount + 1);
    }

    /**
     * Adds another window's counts to these, as if its occurrences had been counted here: exact while the distinct
     * values fit the capacity, the Space-Saving rule (a new value inherits the least count) beyond.
     */
    public void addAll(TopCounts other) {
        other.counts.forEach((value, n) -> {
            Long current = counts.get(value);
            if (current != null) {
                counts.put(value, current + n);
            } else if (counts.size() < capacity) {
                counts.put(value, n);
            } else {
                String least = null;
                long leastCount = Long.MAX_VALUE;
                for (Map.Entry<String, Long> e : counts.entrySet()) {
                    if (e.getValue() < leastCount) {
                        least = e.getKey();
                        leastCount = e.getValue();
                    }
                }
                counts.remove(least);
                counts.put(value, leastCount + n);
            }
        });
    }

    /** The {@code n} most counted values, most first; ties in first-seen order. */
    public List<ValueCount> top(int n) {
        List<ValueCount> entries = new ArrayList<>();
        counts.forEach((k, v) -> entries.add(new ValueCount(k, v)));
        entries.sort(Comparator.comparingLong(ValueCount::count).reversed());
        return entries.subList(0, Math.min(n, entries.size()));
    }

    /** The most counted value, or null when empty. */
    public String first() {
        List<ValueCount> top = top(1);
        return top.isEmpty() ? null : top.get(0).value();
    }

    /** Serialised form: capacity and the counts. */
    @JsonValue
    Stored stored() {
        return new Stored(capacity, counts);
    }

    @JsonCreator
    static TopCounts fromStored(Stored stored) {
        return new TopCounts(stored.capacity(), new LinkedHashMap<>(stored.counts()));
    }

    record Stored(int capacity, Map<String, Long> counts) {
    }
}
