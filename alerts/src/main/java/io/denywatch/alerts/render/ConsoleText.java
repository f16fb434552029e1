package io.denywatch.alerts.render;

import io.denywatch.alerts.incident.AthenaQuery;
import io.denywatch.alerts.incident.IncidentFacts;
import io.denywatch.alerts.incident.ResolutionWording;
import io.denywatch.alerts.incident.Wording;
import io.denywatch.alerts.text.PlainText;
import io.denywatch.common.text.TerminalText;
import io.denywatch.contract.denial.Resolution;
import io.denywatch.contract.denial.StatementFinding;
import io.denywatch.contract.incident.IncidentSize;
import io.denywatch.contract.incident.SpikeRecord;
import io.denywatch.contract.incident.ValueCount;

import java.util.List;

/**
 * An incident message as plain text for a terminal: the same facts as the Slack card, led by the incident's whole
 * size, every value from an event made safe to print (control characters and direction overrides shown, not obeyed)
 * and cut to a readable length.
 */
public final class ConsoleText {

    static final int VALUE_MAX = 300;
    static final int TOP_ITEMS = 5;

    private ConsoleText() {
    }

    /** The message, ending with a newline. */
    public static String render(SpikeRecord spike, AlertLinks links) {
        IncidentFacts facts = new IncidentFacts(spike);
        StringBuilder out = new StringBuilder();
        if (spike.state() == SpikeRecord.State.RESOLVED) {
            out.append("== RESOLVED · access denial spike · ").append(safe(facts.who()))
                    .append(" · incident ").append(safe(spike.incidentId())).append('\n');
            line(out, "What", facts.summary());
            return out.append('\n').toString();
        }
        out.append("== ").append(spike.severity()).append(" · ").append(spike.state())
                .append(" · access denial spike · incident ").append(safe(spike.incidentId())).append('\n');
        line(out, "What", facts.summary());
        line(out, "Window", IncidentSize.window(spike));
        if (facts.identityArn() != null) {
            line(out, "Principal", facts.identityArn());
        }
        line(out, "Why", Wording.why(spike.diagnosis()));
        if (spike.diagnosis() != null && spike.diagnosis().policyArn() != null) {
            line(out, "Policy", spike.diagnosis().policyArn());
        }
        line(out, "Fix lives in", Wording.fixLocation(spike.diagnosis()));
        if (spike.diagnosis() != null && spike.diagnosis().advice() != null) {
            line(out, "Advice", spike.diagnosis().advice());
        }
        if (spike.resolution() != null) {
            statements(out, spike.resolution());
        }
        top(out, "Top resources", spike.topResources());
        top(out, "Top error messages", spike.topErrorMessages());
        if (spike.diagnosis() != null && spike.diagnosis().nextSteps() != null) {
            out.append("   Next commands:\n");
            for (String step : spike.diagnosis().nextSteps()) {
                out.append("     $ ").append(safe(step)).append('\n');
            }
        }
        if (spike.sampleEventIds() != null && !spike.sampleEventIds().isEmpty()) {
            line(out, "Sample events", String.join(", ", spike.sampleEventIds().subList(0,
                    Math.min(TOP_ITEMS, spike.sampleEventIds().size()))));
        }
        out.append("   Athena:\n");
        for (String query : AthenaQuery.lines(spike, links.athenaTable())) {
            out.append("     ").append(safe(query)).append('\n');
        }
        return out.append('\n').toString();
    }

    /** The statements behind an incident already printed, from a lookup that answered later. */
    public static String followUp(SpikeRecord spike) {
        IncidentFacts facts = new IncidentFacts(spike);
        StringBuilder out = new StringBuilder("== FOLLOW-UP · statements behind incident ")
                .append(safe(spike.incidentId())).append(" · ").append(safe(facts.who())).append('\n');
        line(out, "What", facts.summary());
        statements(out, spike.resolution());
        return out.append('\n').toString();
    }

    private static void statements(StringBuilder out, Resolution resolution) {
        line(out, ResolutionWording.headline(resolution), resolution.summary());
        out.append("     (").append(safe(ResolutionWording.method(resolution.method()))).append(")\n");
        List<StatementFinding> findings = resolution.statements();
        for (int i = 0; i < findings.size() && i < TOP_ITEMS; i++) {
            StatementFinding finding = findings.get(i);
            out.append("     ").append(i + 1).append(". ").append(safe(ResolutionWording.sid(finding))).append(' ')
                    .append(ResolutionWording.verdict(finding.verdict()));
            if (finding.effect() != null) {
                out.append(" · ").append(safe(finding.effect()));
            }
            out.append('\n').append("        policy: ").append(safe(finding.policyArn())).append(" (")
                    .append(ResolutionWording.policyType(finding)).append(")\n");
            if (finding.explanation() != null) {
                out.append("        ").append(safe(finding.explanation())).append('\n');
            }
            for (StatementFinding.ConditionCheck check : finding.conditions()) {
                out.append("        if ").append(safe(check.operator())).append(' ').append(safe(check.key()))
                        .append(' ').append(safe(ResolutionWording.values(check.values())))
                        .append(" — record: ").append(check.recordValue() == null ? "not shown"
                                : safe(check.recordValue()))
                        .append(": ").append(ResolutionWording.conditionOutcome(check)).append('\n');
            }
        }
        if (findings.size() > TOP_ITEMS) {
            out.append("     ").append(findings.size() - TOP_ITEMS).append(" more statements left out\n");
        }
        for (String note : resolution.notes()) {
            out.append("     note: ").append(safe(note)).append('\n');
        }
    }

    private static void line(StringBuilder out, String label, String value) {
        out.append("   ").append(label).append(": ").append(safe(value)).append('\n');
    }

    private static void top(StringBuilder out, String title, List<ValueCount> entries) {
        if (entries == null || entries.isEmpty()) {
            return;
        }
        out.append("   ").append(title).append(":\n");
        for (int i = 0; i < entries.size() && i < TOP_ITEMS; i++) {
            out.append("     ").append(entries.get(i).count()).append(" × ")
                    .append(safe(entries.get(i).value())).append('\n');
        }
    }

    private static String safe(String value) {
        return value == null ? "-" : TerminalText.neutralize(PlainText.cut(value, VALUE_MAX));
    }
}
