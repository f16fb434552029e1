package io.denywatch.analyzer.query;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.denywatch.contract.incident.SpikeRecord;

import java.util.Comparator;
import java.util.List;

/**
 * The body of {@code GET /api/incidents}.
 *
 * @param partial   true when some instance did not answer, so incidents it owns are missing
 * @param missing   the {@code host:port} of every instance that did not answer
 * @param incidents the latest message of every open incident (schema deny-spike.v2), oldest first
 */
@JsonPropertyOrder({"partial", "missing", "incidents"})
public record IncidentsAnswer(boolean partial, List<String> missing, List<SpikeRecord> incidents) {

    static final Comparator<SpikeRecord> OLDEST_FIRST = Comparator
            .comparing(SpikeRecord::openedAt, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(SpikeRecord::incidentId, Comparator.nullsLast(Comparator.naturalOrder()));
}
