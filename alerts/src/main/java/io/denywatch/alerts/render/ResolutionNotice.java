package io.denywatch.alerts.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.denywatch.alerts.incident.IncidentFacts;
import io.denywatch.contract.incident.IncidentSize;
import io.denywatch.contract.incident.SpikeRecord;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * The short notice that an incident is over: that it resolved and how large it was in the end, who it was about, and
 * when it ran. The last window's count is left out: it is one window near the end, not the incident.
 */
final class ResolutionNotice {

    private ResolutionNotice() {
    }

    static String header() {
        return Severities.RESOLVED + " RESOLVED \u00b7 access denial spike";
    }

    static ArrayNode blocks(SpikeRecord spike) {
        IncidentFacts facts = new IncidentFacts(spike);
        String text = "*" + SlackText.escape(IncidentSize.sentence(spike)) + ".* " + Summary.who(facts)
                + " is back to its usual level of denials " + facts.baselinePerWindow() + ".";
        StringBuilder context = new StringBuilder("incident ")
                .append(SlackText.code(spike.incidentId(), IncidentCard.ID_MAX))
                .append(" \u00b7 opened ").append(time(spike.openedAt()))
                .append(" \u00b7 first denial ").append(time(first(spike)))
                .append(" \u00b7 last denial ").append(time(latest(spike)));
        if (spike.resolvedAt() != null) {
            context.append(" \u00b7 resolved ").append(time(spike.resolvedAt()));
        }
        return new Blocks()
                .header(header())
                .section(text)
                .context(context.toString())
                .build();
    }

    /** The incident's first denial; a version-1 message only knows its window's. */
    private static Instant first(SpikeRecord spike) {
        return spike.startedAt() != null ? spike.startedAt() : spike.firstSeen();
    }

    private static Instant latest(SpikeRecord spike) {
        return spike.latestAt() != null ? spike.latestAt() : spike.lastSeen();
    }

    private static String time(Instant instant) {
        return instant == null ? "unknown" : DateTimeFormatter.ISO_INSTANT.format(instant);
    }
}
