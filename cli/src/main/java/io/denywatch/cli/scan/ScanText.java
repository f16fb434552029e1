package io.denywatch.cli.scan;

import io.denywatch.cli.resolve.ResolutionText;
import io.denywatch.alerts.render.DigestConsoleText;
import io.denywatch.common.text.TerminalText;
import io.denywatch.contract.incident.IncidentSize;
import io.denywatch.contract.incident.SpikeRecord;
import io.denywatch.contract.incident.ValueCount;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The scan report as text for a terminal; every string from an event is neutralised for it. */
public final class ScanText {

    private ScanText() {
    }

    public static String render(ScanReport r) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("Scanned %,d files, %,d events: %,d denials, %,d authentication failures,"
                        + " %,d duplicates dropped%n", r.files(), r.events(), r.denials(), r.authenticationFailures(),
                r.duplicatesDropped()));
        section(out, "Denials by policy layer", r.byPolicyType());
        section(out, "Denials by error code", r.byErrorCode());
        ranked(out, "Top denied principals", r.topPrincipals());
        ranked(out, "Top denied actions", r.topActions());
        out.append(String.format("%nIncidents (%d)%n", r.spikes().size()));
        for (SpikeRecord s : r.spikes()) {
            incident(out, s);
        }
        if (r.digest() != null) {
            // The picture the alerts role sends weekly, for the span read.
            out.append('\n').append(DigestConsoleText.render(r.digest()));
        }
        if (!r.errors().isEmpty()) {
            out.append(String.format("%nCould not read (%d)%n", r.errors().size()));
            for (ScanReport.Problem p : r.errors()) {
                out.append("  ").append(safe(p.source())).append(": ").append(safe(p.reason())).append('\n');
            }
        }
        return out.toString();
    }

    private static void incident(StringBuilder out, SpikeRecord s) {
        String who = s.key().principal() != null ? s.key().principal() : "account " + s.key().account();
        // The incident's whole size first; the window count is one window's share of it.
        out.append(String.format("  %s %s %s  %s by %s: %s%n", s.incidentId(), s.severity(), s.state(),
                s.dimension(), safe(who), IncidentSize.phrase(s)));
        out.append("      window    ").append(IncidentSize.window(s))
                .append(String.format(Locale.ROOT, ", baseline %.1f per window%n", s.baseline()));
        if (s.key().action() != null) {
            out.append("      action    ").append(safe(s.key().action())).append(" on ")
                    .append(safe(String.valueOf(s.key().resourceFamily()))).append('\n');
        } else if (!s.topActions().isEmpty()) {
            out.append("      actions   ").append(entries(s.topActions())).append('\n');
        }
        if (s.diagnosis() != null) {
            out.append("      why       ").append(s.diagnosis().denyKind()).append(' ')
                    .append(s.diagnosis().policyType()).append(", fix in ").append(s.diagnosis().fixLocation())
                    .append('\n');
            out.append("      advice    ").append(safe(s.diagnosis().advice())).append('\n');
            for (String step : s.diagnosis().nextSteps()) {
                out.append("      next      ").append(safe(step)).append('\n');
            }
            if (s.resolution() != null) {
                out.append(ResolutionText.format(s.resolution(), "      "));
            }
        }
    }

    private static String entries(List<ValueCount> entries) {
        StringBuilder sb = new StringBuilder();
        for (ValueCount e : entries) {
            sb.append(sb.length() == 0 ? "" : ", ").append(safe(e.value())).append(" (").append(e.count()).append(')');
        }
        return sb.toString();
    }

    private static void section(StringBuilder out, String title, Map<String, Long> counts) {
        out.append(String.format("%n%s%n", title));
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> out.append(String.format("  %8d  %s%n", e.getValue(), safe(e.getKey()))));
    }

    private static void ranked(StringBuilder out, String title, List<ScanReport.Ranked> ranked) {
        out.append(String.format("%n%s%n", title));
        for (ScanReport.Ranked r : ranked) {
            out.append(String.format("  %8d  %s%n", r.count(), safe(r.value())));
        }
    }

    private static String safe(String s) {
        return TerminalText.neutralize(s);
    }
}
