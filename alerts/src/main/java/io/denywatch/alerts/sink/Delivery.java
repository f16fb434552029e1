package io.denywatch.alerts.sink;

import io.denywatch.contract.incident.SpikeRecord;

import java.util.Map;

/**
 * One thing to tell a sink about an incident.
 *
 * @param spike    the incident message, in the state the sink should show: an announcement is always {@code OPEN}
 * @param kind     announce, update or resolve
 * @param previous what the sink returned when it was last told about this incident (a Slack message's channel and
 *                 timestamp, say), empty on an announcement
 * @param lastSeverity the severity the sink was last shown for this incident, or {@code null} on an announcement
 */
public record Delivery(SpikeRecord spike, Kind kind, Map<String, String> previous, SpikeRecord.Severity lastSeverity) {

    public Delivery {
        previous = previous == null ? Map.of() : Map.copyOf(previous);
    }

    /** What the message does to the incident as the sink sees it. */
    public enum Kind {
        /** The first message this sink gets about the incident. */
        ANNOUNCE,
        /** The incident grew or changed while open. */
        UPDATE,
        /** The incident is over. */
        RESOLVE
    }

    /** True when this update raises the severity the sink last showed. */
    public boolean severityRose() {
        return lastSeverity != null && spike.severity() != null && spike.severity().compareTo(lastSeverity) > 0;
    }
}
