package io.denywatch.contract;

import io.denywatch.common.config.Setting;
import io.denywatch.common.kafka.JsonSerde;
import io.denywatch.contract.denial.DenialJson;
import io.denywatch.contract.denial.EnrichedDenial;
import io.denywatch.contract.incident.SpikeRecord;
import org.apache.kafka.common.serialization.Serdes;

import java.util.List;

/**
 * Every topic one stage writes and another stage (or another team) reads, with its name setting, serdes and schema.
 * A stage that writes or reads one of them takes it from here, so that the three stages cannot drift apart.
 *
 * <p>Keys and values of the raw and dead-letter topics stay bytes: the raw topic carries each event's original JSON
 * unchanged, keyed by its eventID in UTF-8, and a dead letter carries whatever could not be read, with its reason in
 * headers ({@link io.denywatch.common.event.EventHeaders}).
 */
public final class Topics {

    public static final Topic<byte[], byte[]> RAW = new Topic<>(
            Setting.string("topics.raw", "cloudtrail.events",
                    "Raw CloudTrail events, one record per event, value = the event's original JSON bytes."),
            Serdes.ByteArray(), Serdes.ByteArray(), null);

    public static final Topic<byte[], byte[]> INGEST_DLQ = new Topic<>(
            Setting.string("topics.ingest-dlq", "cloudtrail.ingest.dlq",
                    "Files, records and notifications the ingestor could not use, with the source and the reason."),
            Serdes.ByteArray(), Serdes.ByteArray(), null);

    public static final Topic<String, EnrichedDenial> DENIALS = new Topic<>(
            Setting.string("topics.denials", "cloudtrail.denials",
                    "Enriched denials (JSON, schema enriched-denial.v1), keyed by principal.identityArn."),
            Serdes.String(), new JsonSerde<>(EnrichedDenial.class), DenialJson.SCHEMA_RESOURCE);

    public static final Topic<String, SpikeRecord> SPIKES = new Topic<>(
            Setting.string("topics.spikes", "cloudtrail.deny-spikes",
                    "Incident messages (JSON, schema deny-spike.v3), keyed by incidentId."),
            Serdes.String(), new JsonSerde<>(SpikeRecord.class), "/schemas/deny-spike.v3.schema.json");

    public static final Topic<byte[], byte[]> ANALYZER_DLQ = new Topic<>(
            Setting.string("topics.analyzer-dlq", "cloudtrail.analyzer.dlq",
                    "Raw events the analyzer could not read, with the reason."),
            Serdes.ByteArray(), Serdes.ByteArray(), null);

    /** Version 1 of the incident messages' schema, still published for messages written before version 2. */
    public static final String SPIKES_SCHEMA_V1 = "/schemas/deny-spike.v1.schema.json";

    /**
     * Version 2 of the incident messages' schema, still published for messages written before version 3 (which added
     * the optional {@code diagnosis.statements} and {@code diagnosis.resolution}).
     */
    public static final String SPIKES_SCHEMA_V2 = "/schemas/deny-spike.v2.schema.json";

    public static final List<Topic<?, ?>> ALL = List.of(RAW, INGEST_DLQ, DENIALS, SPIKES, ANALYZER_DLQ);

    /** The name settings of {@link #ALL}, for the settings catalogue. */
    public static final List<Setting<?>> SETTINGS = ALL.stream().<Setting<?>>map(Topic::name).toList();

    private Topics() {
    }
}
