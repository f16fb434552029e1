package io.denywatch.analyzer.query;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sums counts by key and ranks them. Ties are broken by key so that every instance, and every repeated query, ranks
 * the same data the same way.
 */
final class Ranking {

    private static final Comparator<Map.Entry<String, Long>> ORDER =
            Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey());

    private final Map<String, Long> sums = new HashMap<>();

    /** Adds denials to a key. */
    Ranking add(String key, long count) {
        sums.merge(key, count, Long::sum);
        return this;
    }

    /** The {@code limit} keys with the most denials, most first. */
    List<RankedKey> top(int limit) {
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(sums.entrySet());
        sorted.sort(ORDER);
        List<RankedKey> out = new ArrayList<>(Math.min(limit, sorted.size()));
        for (Map.Entry<String, Long> e : sorted.subList(0, Math.min(limit, sorted.size()))) {
            out.add(new RankedKey(out.size() + 1, e.getKey(), e.getValue()));
        }
        return out;
    }
}
