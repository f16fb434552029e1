package io.denywatch.analyzer.streams;

/**
 * Where the topology keeps its state stores. The service keeps them on disk (RocksDB, restored from their changelogs);
 * an in-process run over saved logs ({@code denywatch scan}) keeps them in memory: it commits after every record, and
 * a RocksDB store flushes its memtable to a new file at every commit, which would cost milliseconds per denial. The
 * stores' names, and so the topology, are the same either way.
 */
public enum StateStorage {
    ON_DISK,
    IN_MEMORY
}
