package io.denywatch.common.event;

import io.denywatch.common.config.Setting;

import java.util.List;

/** The Kafka topics denywatch reads and writes, each name configurable. */
public final class Topics {

    public static final Setting<String> RAW = Setting.string("topics.raw", "cloudtrail.events",
            "Raw CloudTrail events, one record per event, value = the event's original JSON bytes.");
    public static final Setting<String> INGEST_DLQ = Setting.string("topics.ingest-dlq", "cloudtrail.ingest.dlq",
            "Files, records and notifications the ingestor could not use, with the source and the reason.");

    public static final List<Setting<?>> ALL = List.of(RAW, INGEST_DLQ);

    private Topics() {
    }
}
