package io.denywatch.alerts.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.denywatch.alerts.incident.IncidentFacts;
import io.denywatch.analyzer.spike.SpikeRecord;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

/** The short notice that an incident is over: who it was about, when it ran, and the last count seen. */
final class ResolutionNotice {

    private ResolutionNotice() {
    }

    static String header() {
        return Severities.RESOLVED + " RESOLVED \u00b7 access denial spike";
    }

    static ArrayNode blocks(SpikeRecord spike) {
        IncidentFacts facts = new IncidentFacts(spike);
        String text = Summary.who(facts) + " is back to its usual level of denials. Last window: *" + spike.count()
                + "* in " + facts.windowMinutes() + " min (baseline " + facts.baselineText() + ").";
        return new Blocks()
                .header(header())
                .section(text)
                .context("incident " + SlackText.code(spike.incidentId(), IncidentCard.ID_MAX)
                        + " \u00b7 opened " + time(spike.openedAt()) + " \u00b7 last denial " + time(spike.lastSeen()))
                .build();
    }

    private static String time(Instant instant) {
        return instant == null ? "unknown" : DateTimeFormatter.ISO_INSTANT.format(instant);
    }
}
