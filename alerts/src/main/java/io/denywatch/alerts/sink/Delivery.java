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
 * @param incidentOver true when a follow-up comes after the sink was told the incident resolved
 */
public record Delivery(SpikeRecord spike, Kind kind, Map<String, String> previous, SpikeRecord.Severity lastSeverity,
                       boolean incidentOver) {

    public Delivery {
        previous = previous == null ? Map.of() : Map.copyOf(previous);
    }

    public Delivery(SpikeRecord spike, Kind kind, Map<String, String> previous, SpikeRecord.Severity lastSeverity) {
        this(spike, kind, previous, lastSeverity, false);
    }

    /**
     * The statements behind an incident the sink already announced, when the lookup answered after the announcement.
     *
     * @param incident the incident as announced, with the lookup's answer in its diagnosis
     * @param previous what the sink returned on announcing
     * @param over     whether the incident has resolved since
     */
    public static Delivery followUp(SpikeRecord incident, Map<String, String> previous, boolean over) {
        return new Delivery(incident, Kind.FOLLOW_UP, previous, null, over);
    }

    /** What the message does to the incident as the sink sees it. */
    public enum Kind {
        /** The first message this sink gets about the incident. */
        ANNOUNCE,
        /** The incident grew or changed while open. */
        UPDATE,
        /** The incident is over. */
        RESOLVE,
        /**
         * The statements behind the incident, from a lookup that answered after the sink was told of it. Sent at most
         * once per sink and incident; it does not change the incident's state.
         */
        FOLLOW_UP
    }

    /** True when this update raises the severity the sink last showed. */
    public boolean severityRose() {
        return lastSeverity != null && spike.severity() != null && spike.severity().compareTo(lastSeverity) > 0;
    }
}
