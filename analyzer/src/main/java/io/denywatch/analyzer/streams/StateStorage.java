package io.denywatch.analyzer.streams;

/**
 * Where the topology keeps its state stores. The service keeps them on disk (RocksDB, restored from their changelogs)
 * behind a cache that coalesces a commit interval's updates. An in-process run over saved logs ({@code denywatch scan})
 * keeps them in memory and uncached: the test driver it runs on commits after every record, so a cache would coalesce
 * nothing and only add a serialization per update, and a RocksDB store would flush its memtable to a new file at every
 * commit. Every update reaches the next processor either way, in the same order; the stores' names, and so the
 * topology, are the same.
 */
public enum StateStorage {
    ON_DISK,
    IN_MEMORY
}
