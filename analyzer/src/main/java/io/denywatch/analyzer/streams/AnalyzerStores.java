package io.denywatch.analyzer.streams;

import io.denywatch.analyzer.spike.SpikeState;
import io.denywatch.analyzer.window.WindowAggregate;
import io.denywatch.common.kafka.JsonSerde;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

import java.time.Duration;
import java.util.List;

/**
 * Every state store of the analyzer's topology, declared once: its name, its serdes, how Kafka Streams lays it out,
 * and the processors that use it. The topology, the processors and the query API all take their stores from here.
 *
 * <p>A store's name is also the name of its changelog topic ({@code <application id>-<name>-changelog}) and of its
 * folder in the state directory: a renamed store starts empty after an upgrade, its old state left behind. The names
 * are pinned by {@code TopologyGoldenTest} and {@code InternalTopicsIT}.
 */
public final class AnalyzerStores {

    /** How Kafka Streams lays a store out; a processor must read it as this type. */
    public enum Kind {
        KEY_VALUE,
        WINDOW,
        /** A window store whose values carry their timestamp: what the DSL's windowed aggregations make. */
        TIMESTAMPED_WINDOW
    }

    /**
     * One state store.
     *
     * @param name       the store's name, which also names its changelog topic
     * @param kind       how it is laid out
     * @param keySerde   how its keys are written
     * @param valueSerde how its values are written (before any timestamp Kafka Streams adds)
     * @param processors the processors, by name, that the store is connected to
     * @param <K>        key type
     * @param <V>        value type
     */
    public record Store<K, V>(String name, Kind kind, Serde<K> keySerde, Serde<V> valueSerde,
                              List<String> processors) {
    }

    /** Each raw event's eventID, at its event time, for as long as duplicates are dropped. */
    public static final Store<String, Long> DEDUPE_EVENT_IDS = new Store<>("dedupe-event-ids", Kind.WINDOW,
            Serdes.String(), Serdes.Long(), List.of("dedupe"));

    /**
     * Per dimension-qualified key, the denials of each slice of the hopping windows (see
     * {@link io.denywatch.analyzer.window.Slicing}). Named apart from the {@code denial-windows} store of earlier
     * versions, which held whole hopping windows: its data is not read as slices.
     */
    public static final Store<String, WindowAggregate> DENIAL_SLICES = new Store<>("denial-slices",
            Kind.TIMESTAMPED_WINDOW, Serdes.String(), JsonSerde.internal(WindowAggregate.class),
            List.of("count", "detect-spikes"));

    /** Each dimension-qualified key's detector state; an open incident's last message is in it. */
    public static final Store<String, SpikeState> SPIKE_STATE = new Store<>("spike-state", Kind.KEY_VALUE,
            Serdes.String(), JsonSerde.internal(SpikeState.class), List.of("detect-spikes"));

    /** The dimension-qualified keys with an open incident, each with the stream time of its last message. */
    public static final Store<String, Long> OPEN_INCIDENTS = new Store<>("open-incidents", Kind.KEY_VALUE,
            Serdes.String(), Serdes.Long(), List.of("detect-spikes"));

    /** When each task first saw data (stream time), which starts its learning period; one key per task. */
    public static final Store<String, Long> LEARNING_STARTED = new Store<>("learning-started", Kind.KEY_VALUE,
            Serdes.String(), Serdes.Long(), List.of("detect-spikes"));

    /** Per-minute counts of counted denials by {@code principal:} and {@code action:} keys, for the query API. */
    public static final Store<String, Long> QUERY_COUNTS = new Store<>("query-counts", Kind.TIMESTAMPED_WINDOW,
            Serdes.String(), Serdes.Long(), List.of("query-count"));

    /** Every store of the topology. */
    public static final List<Store<?, ?>> ALL = List.of(DEDUPE_EVENT_IDS, DENIAL_SLICES, SPIKE_STATE, OPEN_INCIDENTS,
            LEARNING_STARTED, QUERY_COUNTS);

    private AnalyzerStores() {
    }

    static StoreBuilder<WindowStore<String, Long>> dedupeEventIds(Duration retention, StateStorage storage) {
        Store<String, Long> store = DEDUPE_EVENT_IDS;
        StoreBuilder<WindowStore<String, Long>> builder = Stores.windowStoreBuilder(
                storage == StateStorage.IN_MEMORY
                        ? Stores.inMemoryWindowStore(store.name(), retention, retention, false)
                        : Stores.persistentWindowStore(store.name(), retention, retention, false),
                store.keySerde(), store.valueSerde());
        // Ids are written to RocksDB and the changelog once per commit, not once per denial.
        return storage == StateStorage.IN_MEMORY ? builder.withCachingDisabled() : builder.withCachingEnabled();
    }

    static Materialized<String, WindowAggregate, WindowStore<Bytes, byte[]>> denialSlices(StateStorage storage) {
        Store<String, WindowAggregate> store = DENIAL_SLICES;
        Materialized<String, WindowAggregate, WindowStore<Bytes, byte[]>> slices =
                Materialized.<String, WindowAggregate, WindowStore<Bytes, byte[]>>as(store.name())
                        .withStoreType(storeType(storage))
                        .withKeySerde(store.keySerde())
                        .withValueSerde(store.valueSerde());
        // Updates of a slice are coalesced until the next commit (1 s): the detector still sees a crossing within a
        // second, not at the window's close, and a burst costs one store write per slice instead of one per denial.
        return storage == StateStorage.IN_MEMORY ? slices.withCachingDisabled() : slices.withCachingEnabled();
    }

    static StoreBuilder<KeyValueStore<String, SpikeState>> spikeState(StateStorage storage) {
        StoreBuilder<KeyValueStore<String, SpikeState>> builder = keyValue(SPIKE_STATE, storage);
        return storage == StateStorage.IN_MEMORY ? builder.withCachingDisabled() : builder.withCachingEnabled();
    }

    static StoreBuilder<KeyValueStore<String, Long>> openIncidents(StateStorage storage) {
        return keyValue(OPEN_INCIDENTS, storage);
    }

    static StoreBuilder<KeyValueStore<String, Long>> learningStarted(StateStorage storage) {
        return keyValue(LEARNING_STARTED, storage);
    }

    /** @param retention how long counts are kept; covers a bucket and its grace */
    static Materialized<String, Long, WindowStore<Bytes, byte[]>> queryCounts(Duration retention,
                                                                              StateStorage storage) {
        Store<String, Long> store = QUERY_COUNTS;
        return Materialized.<String, Long, WindowStore<Bytes, byte[]>>as(store.name())
                .withStoreType(storeType(storage))
                .withKeySerde(store.keySerde())
                .withValueSerde(store.valueSerde())
                .withRetention(retention);
    }

    private static <V> StoreBuilder<KeyValueStore<String, V>> keyValue(Store<String, V> store, StateStorage storage) {
        return Stores.keyValueStoreBuilder(storage == StateStorage.IN_MEMORY
                ? Stores.inMemoryKeyValueStore(store.name()) : Stores.persistentKeyValueStore(store.name()),
                store.keySerde(), store.valueSerde());
    }

    private static Materialized.StoreType storeType(StateStorage storage) {
        return storage == StateStorage.IN_MEMORY ? Materialized.StoreType.IN_MEMORY : Materialized.StoreType.ROCKS_DB;
    }
}
