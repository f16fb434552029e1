package io.denywatch.analyzer.query;

import io.denywatch.contract.incident.SpikeRecord;
import io.denywatch.analyzer.spike.SpikeState;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers the query API from this instance's own stores: the most denied principals or actions over a range, and the
 * open incidents. Keys are partitioned across instances, so these are this instance's share of the answer.
 */
public final class DenialQueries {

    private final QueryStores stores;

    public DenialQueries(QueryStores stores) {
        this.stores = stores;
    }

    /**
     * The {@code limit} most denied keys of a dimension, summing the one-minute buckets that start in
     * {@code [now - range, now)}: the range is counted to the minute, and the bucket {@code now} falls in is included
     * so that a live query sees the current minute.
     */
    public List<RankedKey> top(QueryDimension dimension, Instant now, Duration range, int limit) {
        String prefix = dimension.prefix();
        // Keys are UTF-8 strings, so all keys with the prefix sort between it and the prefix with its last char bumped.
        String upper = prefix.substring(0, prefix.length() - 1) + (char) (prefix.charAt(prefix.length() - 1) + 1);
        Ranking ranking = new Ranking();
        try (KeyValueIterator<Windowed<String>, Long> it = stores.counts().fetch(prefix, upper, now.minus(range),
                now.minusMillis(1))) {
            while (it.hasNext()) {
                KeyValue<Windowed<String>, Long> next = it.next();
                String key = next.key.key();
                if (key.startsWith(prefix) && next.value != null) {
                    ranking.add(key.substring(prefix.length()), next.value);
                }
            }
        }
        return ranking.top(limit);
    }

    /** The latest message of every open incident, oldest first. */
    public List<SpikeRecord> openIncidents() {
        ReadOnlyKeyValueStore<String, SpikeState> states = stores.spikeStates();
        List<SpikeRecord> out = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = stores.openIncidents().all()) {
            while (it.hasNext()) {
                SpikeState state = states.get(it.next().key);
                if (state != null && state.incident() != null) {
                    out.add(state.incident());
                }
            }
        }
        out.sort(IncidentsAnswer.OLDEST_FIRST);
        return out;
    }
}
