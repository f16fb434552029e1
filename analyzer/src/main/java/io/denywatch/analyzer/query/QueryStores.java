package io.denywatch.analyzer.query;

import io.denywatch.analyzer.spike.SpikeState;
import io.denywatch.analyzer.streams.AnalyzerStores;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/**
 * The analyzer's stores that queries read (declared in {@link AnalyzerStores}), as this instance holds them. Each call
 * looks the store up afresh: a handle kept across a rebalance would read partitions the instance no longer owns.
 *
 * <p>Every method throws {@link org.apache.kafka.streams.errors.InvalidStateStoreException} while the stores are not
 * queryable (starting, rebalancing, restoring).
 */
public interface QueryStores {

    /** Per-minute denial counts by {@code principal:} and {@code action:} keys. */
    ReadOnlyWindowStore<String, Long> counts();

    /** Dimension-qualified keys with an open incident. */
    ReadOnlyKeyValueStore<String, Long> openIncidents();

    /** Each dimension-qualified key's detector state. */
    ReadOnlyKeyValueStore<String, SpikeState> spikeStates();

    /** The active stores of a running Kafka Streams instance. */
    static QueryStores of(KafkaStreams streams) {
        return new QueryStores() {
            @Override
            public ReadOnlyWindowStore<String, Long> counts() {
                return streams.store(StoreQueryParameters.fromNameAndType(AnalyzerStores.QUERY_COUNTS.name(),
                        QueryableStoreTypes.windowStore()));
            }

            @Override
            public ReadOnlyKeyValueStore<String, Long> openIncidents() {
                return streams.store(StoreQueryParameters.fromNameAndType(AnalyzerStores.OPEN_INCIDENTS.name(),
                        QueryableStoreTypes.keyValueStore()));
            }

            @Override
            public ReadOnlyKeyValueStore<String, SpikeState> spikeStates() {
                return streams.store(StoreQueryParameters.fromNameAndType(AnalyzerStores.SPIKE_STATE.name(),
                        QueryableStoreTypes.keyValueStore()));
            }
        };
    }
}
