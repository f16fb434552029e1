package io.denywatch.alerts.ledger;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The delivery record of one incident: what each sink was told, and what the gate decided. Kept in the ledger topic
 * under the incident id, so that whichever instance reads the incident's next message — after a restart or a
 * rebalance — knows what was already sent.
 *
 * @param incidentId  the incident
 * @param cooldownKey the dimension and key the incident is about; a new incident on it waits out the cooldown
 * @param partition   the spike-topic partition of the incident's messages
 * @param offset      the last message handled completely
 * @param announced   true once any sink accepted the announcement
 * @param resolvedAt  event time of the resolution, or {@code null} while open
 * @param sinks       progress per sink name
 * @param updatedAt   wall-clock time of the last change, for retention
 * @param followUp    where the lookup of the statements behind the incident stands, or {@code null} when none was made
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IncidentEntry(String incidentId, String cooldownKey, int partition, long offset, boolean announced,
                            Instant resolvedAt, Map<String, SinkProgress> sinks, Instant updatedAt,
                            ResolutionFollowUp followUp) {

    public IncidentEntry {
        sinks = sinks == null ? Map.of() : Map.copyOf(sinks);
    }

    /** An entry without a lookup. */
    public IncidentEntry(String incidentId, String cooldownKey, int partition, long offset, boolean announced,
                         Instant resolvedAt, Map<String, SinkProgress> sinks, Instant updatedAt) {
        this(incidentId, cooldownKey, partition, offset, announced, resolvedAt, sinks, updatedAt, null);
    }

    /** A new incident, nothing handled yet. */
    public static IncidentEntry start(String incidentId, String cooldownKey, int partition, Instant now) {
        return new IncidentEntry(incidentId, cooldownKey, partition, -1, false, null, Map.of(), now);
    }

    /** True when the message at {@code position} was handled completely before. */
    public boolean handled(Position position) {
        return position.partition() == partition && position.offset() <= offset;
    }

    /** The sink's progress, or {@code null} when the sink has done nothing for this incident. */
    public SinkProgress progress(String sink) {
        return sinks.get(sink);
    }

    /**
     * This entry for messages in another partition (the spike topic was given more partitions, so the incident id
     * hashes elsewhere): offsets of the old partition say nothing about the new one, so every sink's progress restarts,
     * keeping what each sink returned.
     */
    public IncidentEntry movedTo(int newPartition, Instant now) {
        if (newPartition == partition) {
            return this;
        }
        Map<String, SinkProgress> reset = new HashMap<>();
        sinks.forEach((sink, p) -> reset.put(sink, new SinkProgress(-1, p.following(), p.reference(), p.severity(),
                p.followedUp())));
        return new IncidentEntry(incidentId, cooldownKey, newPartition, -1, announced, resolvedAt, reset, now,
                followUp);
    }

    public IncidentEntry withSink(String sink, SinkProgress progress, Instant now) {
        Map<String, SinkProgress> next = new HashMap<>(sinks);
        next.put(sink, progress);
        return new IncidentEntry(incidentId, cooldownKey, partition, offset,
                announced || progress.following(), resolvedAt, next, now, followUp);
    }

    public IncidentEntry withFollowUp(ResolutionFollowUp next, Instant now) {
        return new IncidentEntry(incidentId, cooldownKey, partition, offset, announced, resolvedAt, sinks, now, next);
    }

    /** True when a follow-up may still be owed: the answer is awaited, or came and some sink was not told yet. */
    @JsonIgnore
    public boolean owesFollowUp() {
        return followUp != null && !followUp.done();
    }

    /** The whole message at {@code position} is handled; {@code resolvedAt} non-null when it resolved the incident. */
    public IncidentEntry completed(Position position, Instant resolved, Instant now) {
        return new IncidentEntry(incidentId, cooldownKey, position.partition(), position.offset(), announced,
                resolved != null ? resolved : resolvedAt, sinks, now, followUp);
    }
}
