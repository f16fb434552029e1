package io.denywatch.alerts.render;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.denywatch.alerts.incident.IncidentFacts;
import io.denywatch.alerts.incident.ResolutionWording;
import io.denywatch.contract.denial.Resolution;
import io.denywatch.contract.incident.IncidentSize;
import io.denywatch.contract.incident.SpikeRecord;
import io.denywatch.common.json.Json;

/**
 * The Slack incoming-webhook body for one incident message: Block Kit blocks plus the fallback {@code text} Slack
 * shows in notifications and where blocks cannot be drawn.
 *
 * <p>OPEN and UPDATE give the full card (an update is the same card with the incident's new size); RESOLVED gives a
 * short notice with the final size. Every text leads with the incident's whole size. Link and media previews are
 * turned off: nothing in an alert should make Slack fetch a URL.
 */
public final class SlackMessage {

    static final int FALLBACK_MAX = 300;

    private SlackMessage() {
    }

    /** The webhook body for {@code spike}. */
    public static ObjectNode build(SpikeRecord spike, AlertLinks links) {
        ObjectNode message = Json.mapper().createObjectNode();
        message.put("text", fallbackText(spike));
        if (spike.state() == SpikeRecord.State.RESOLVED) {
            message.set("blocks", ResolutionNotice.blocks(spike));
        } else {
            message.set("blocks", IncidentCard.blocks(spike, links));
        }
        message.put("unfurl_links", false);
        message.put("unfurl_media", false);
        return message;
    }

    /**
     * The full card whatever the state, with its fallback text: what an edited Slack message shows when the incident
     * it announced is resolved, so the evidence stays in the channel.
     */
    public static ObjectNode card(SpikeRecord spike, AlertLinks links) {
        ObjectNode message = Json.mapper().createObjectNode();
        message.put("text", fallbackText(spike));
        message.set("blocks", IncidentCard.blocks(spike, links));
        message.put("unfurl_links", false);
        message.put("unfurl_media", false);
        return message;
    }

    /**
     * A reply in the thread of the incident's message, saying what changed: the notification text alone, which leads
     * with the incident's new size.
     */
    public static ObjectNode threadReply(SpikeRecord spike) {
        ObjectNode message = Json.mapper().createObjectNode();
        message.put("text", fallbackText(spike));
        message.put("unfurl_links", false);
        message.put("unfurl_media", false);
        return message;
    }

    /**
     * The statements behind an incident already announced, from a lookup that answered later: a message of its own that
     * names the incident (who, what, its id), for a thread reply or a channel that has no threads.
     */
    public static ObjectNode followUp(SpikeRecord spike) {
        IncidentFacts facts = new IncidentFacts(spike);
        Resolution resolution = spike.resolution();
        ObjectNode message = Json.mapper().createObjectNode();
        message.put("text", followUpText(spike));
        Blocks blocks = new Blocks()
                .header("\ud83d\udd0e " + ResolutionWording.headline(resolution))
                .section("Incident " + SlackText.code(spike.incidentId(), IncidentCard.ID_MAX) + ": "
                        + Summary.line(facts));
        ResolutionSections.addTo(blocks, resolution);
        message.set("blocks", blocks.build());
        message.put("unfurl_links", false);
        message.put("unfurl_media", false);
        return message;
    }

    /** The notification text of a follow-up: which incident, and the lookup's one sentence. */
    public static String followUpText(SpikeRecord spike) {
        IncidentFacts facts = new IncidentFacts(spike);
        Resolution resolution = spike.resolution();
        return SlackText.escape(ResolutionWording.headline(resolution) + " of incident " + spike.incidentId() + " ("
                + facts.who() + "): " + resolution.summary(), FALLBACK_MAX);
    }

    /** The one-line notification text, escaped like every other text; the incident's size comes first. */
    public static String fallbackText(SpikeRecord spike) {
        IncidentFacts facts = new IncidentFacts(spike);
        String text;
        if (spike.state() == SpikeRecord.State.RESOLVED) {
            text = IncidentSize.sentence(spike) + ": access denial spike for " + facts.who() + ", incident "
                    + spike.incidentId();
        } else {
            text = "[" + spike.severity() + "] Access denial spike " + spike.state() + ": " + facts.summary()
                    + ", incident " + spike.incidentId();
        }
        return SlackText.escape(text, FALLBACK_MAX);
    }
}
