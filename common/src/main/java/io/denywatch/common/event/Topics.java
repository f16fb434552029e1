package io.denywatch.common.event;

import io.denywatch.common.config.Setting;

import java.util.List;

/** The Kafka topics denywatch reads and writes, each name configurable, and how they are created when missing. */
public final class Topics {

    public static final Setting<String> RAW = Setting.string("topics.raw", "cloudtrail.events",
            "Raw CloudTrail events, one record per event, value = the event's original JSON bytes.");
    public static final Setting<String> INGEST_DLQ = Setting.string("topics.ingest-dlq", "cloudtrail.ingest.dlq",
            "Files, records and notifications the ingestor could not use, with the source and the reason.");
    public static final Setting<Boolean> CREATE = Setting.bool("topics.create", true,
            "Create missing topics at start (turn off where topics are managed elsewhere).");
    public static final Setting<Integer> PARTITIONS = Setting.integer("topics.partitions", 6, 1, 10_000,
            "Partitions of topics created at start: the most analyzer instances that can share the work.");
    public static final Setting<Integer> REPLICATION_FACTOR = Setting.integer("topics.replication-factor", -1, -1,
            32, "Replication factor of topics created at start; -1 takes the broker's default.");

    public static final List<Setting<?>> ALL = List.of(RAW, INGEST_DLQ, CREATE, PARTITIONS, REPLICATION_FACTOR);

    private Topics() {
    }
}
