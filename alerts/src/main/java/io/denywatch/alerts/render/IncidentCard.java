package io.denywatch.alerts.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.denywatch.alerts.incident.AthenaQuery;
import io.denywatch.alerts.incident.IncidentFacts;
import io.denywatch.alerts.incident.Wording;
import io.denywatch.contract.incident.IncidentSize;
import io.denywatch.contract.incident.SpikeRecord;
import io.denywatch.contract.incident.ValueCount;

import java.util.List;

/**
 * The card for an open or growing incident. Above the fold: how large the incident is and who was denied what, why,
 * and where the fix lives, then the statements behind the denials when a lookup named them; the window the message
 * reports comes after, in the context line. Below it: the evidence
 * and the commands and query to dig further, every value as the record gave it.
 *
 * <p>Each part is cut to its own budget so a section never reaches Slack's 3000-character limit and code blocks are
 * never left open.
 */
final class IncidentCard {

    static final int TOP_ITEMS = 5;
    static final int RESOURCE_MAX = 300;
    static final int ERROR_MESSAGE_MAX = 320;
    static final int ADVICE_MAX = 1200;
    static final int ARN_MAX = 600;
    static final int MAX_COMMANDS = 8;
    static final int ID_MAX = 100;

    private IncidentCard() {
    }

    static String header(SpikeRecord spike) {
        return Severities.emoji(spike.severity()) + " " + spike.severity() + " \u00b7 " + spike.state()
                + " \u00b7 access denial spike";
    }

    static ArrayNode blocks(SpikeRecord spike, AlertLinks links) {
        IncidentFacts facts = new IncidentFacts(spike);
        Blocks blocks = new Blocks()
                .header(header(spike))
                .section(Summary.line(facts))
                .section(why(spike.diagnosis()));
        if (spike.resolution() != null) {
            ResolutionSections.addTo(blocks, spike.resolution());
        }
        blocks.context(context(facts))
                .divider();
        counts(blocks, "Top resources", spike.topResources(), RESOURCE_MAX);
        counts(blocks, "Top error messages", spike.topErrorMessages(), ERROR_MESSAGE_MAX);
        commands(blocks, spike.diagnosis());
        samples(blocks, spike);
        blocks.section("*Athena* (table " + SlackText.code(links.athenaTable(), 200) + ")\n"
                + SlackText.codeBlock(AthenaQuery.lines(spike, links.athenaTable()), SlackText.SECTION_TEXT_MAX - 250));
        if (links.runbookUrl() != null) {
            blocks.context("<" + links.runbookUrl() + "|Runbook>");
        }
        return blocks.build();
    }

    static String why(SpikeRecord.Reason reason) {
        StringBuilder text = new StringBuilder("*Why:* ").append(SlackText.escape(Wording.why(reason), 400));
        if (reason != null && reason.policyArn() != null) {
            text.append("\n*Policy:* ").append(SlackText.code(reason.policyArn(), ARN_MAX));
        }
        text.append("\n*Fix lives in:* ").append(SlackText.escape(Wording.fixLocation(reason), 400));
        if (reason != null && reason.advice() != null && !reason.advice().isBlank()) {
            text.append('\n').append(SlackText.escape(reason.advice(), ADVICE_MAX));
        }
        return text.toString();
    }

    private static String context(IncidentFacts facts) {
        SpikeRecord spike = facts.spike();
        StringBuilder text = new StringBuilder();
        if (facts.identityArn() != null) {
            text.append(SlackText.code(facts.identityArn(), ARN_MAX)).append(" \u00b7 ");
        }
        return text.append("incident ").append(SlackText.code(spike.incidentId(), ID_MAX))
                .append(" \u00b7 by ").append(SlackText.escape(spike.dimension(), 40))
                .append(" \u00b7 ").append(SlackText.escape(IncidentSize.window(spike)))
                .toString();
    }

    private static void counts(Blocks blocks, String title, List<ValueCount> entries, int valueMax) {
        if (entries == null || entries.isEmpty()) {
            return;
        }
        StringBuilder text = new StringBuilder("*").append(title).append('*');
        for (int i = 0; i < entries.size() && i < TOP_ITEMS; i++) {
            ValueCount entry = entries.get(i);
            text.append("\n\u2022 ").append(SlackText.code(entry.value(), valueMax))
                    .append(" \u00d7").append(entry.count());
        }
        blocks.section(text.toString());
    }

    private static void commands(Blocks blocks, SpikeRecord.Reason reason) {
        if (reason == null || reason.nextSteps() == null || reason.nextSteps().isEmpty()) {
            return;
        }
        List<String> steps = reason.nextSteps();
        blocks.section("*Next commands*");
        for (int i = 0; i < steps.size() && i < MAX_COMMANDS; i++) {
            blocks.section(SlackText.codeBlock(steps.get(i), SlackText.SECTION_TEXT_MAX));
        }
    }

    private static void samples(Blocks blocks, SpikeRecord spike) {
        String events = ids(spike.sampleEventIds());
        String requests = ids(spike.sampleRequestIds());
        if (events.isEmpty() && requests.isEmpty()) {
            return;
        }
        blocks.section("*Sample event IDs:* " + (events.isEmpty() ? "none" : events)
                + "\n*Sample request IDs:* " + (requests.isEmpty() ? "none" : requests));
    }

    private static String ids(List<String> ids) {
        if (ids == null) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < ids.size() && i < TOP_ITEMS; i++) {
            if (i > 0) {
                text.append(", ");
            }
            text.append(SlackText.code(ids.get(i), ID_MAX));
        }
        return text.toString();
    }
}
