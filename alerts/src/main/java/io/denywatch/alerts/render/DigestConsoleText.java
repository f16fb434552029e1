package io.denywatch.alerts.render;

import io.denywatch.alerts.text.PlainText;
import io.denywatch.contract.digest.Digest;

/**
 * A digest as plain text for a terminal or a log: every name from an event cleaned as in alerts (control characters
 * and direction overrides shown, not obeyed) and cut to a readable length.
 */
public final class DigestConsoleText {

    static final int VALUE_MAX = 200;

    private DigestConsoleText() {
    }

    /** The digest, ending with a newline. */
    public static String render(Digest digest) {
        StringBuilder out = new StringBuilder();
        out.append("== ").append(DigestWording.title(digest)).append(" · ").append(DigestWording.span(digest))
                .append(" · ").append(digest.digestId()).append('\n');
        out.append("   ").append(DigestWording.totals(digest)).append('\n');
        ranked(out, "Most denied principals", digest.topPrincipals());
        ranked(out, "Most denied actions", digest.topActions());
        out.append("   ").append(DigestWording.MISSING_HEADING).append(":\n");
        shares(out, digest.missingPermissions(), true);
        out.append("   ").append(DigestWording.GUARDRAIL_HEADING).append(":\n");
        shares(out, digest.stoppedByGuardrails(), false);
        out.append("   ").append(DigestWording.NEW_PAIRS_HEADING).append(":\n");
        if (digest.newPairs().isEmpty()) {
            out.append("     none\n");
        }
        for (Digest.NewPair pair : digest.newPairs()) {
            out.append("     ").append(pad(pair.denials())).append("  ").append(safe(pair.principal()))
                    .append(" \u2192 ").append(safe(pair.action())).append('\n');
        }
        more(out, digest.newPairsTotal(), digest.newPairs().size());
        out.append("   Incidents: ").append(digest.incidentsTotal()).append('\n');
        for (Digest.IncidentLine incident : digest.incidents()) {
            out.append("     ").append(incident.severity() == null ? "" : incident.severity() + " ")
                    .append(safe(incident.incidentId())).append("  ").append(safe(incident.principal()))
                    .append(incident.action() == null ? "" : " " + safe(incident.action()))
                    .append(" \u2014 ").append(incident.size()).append(incident.resolved() ? " (resolved)" : "")
                    .append('\n');
        }
        more(out, digest.incidentsTotal(), digest.incidents().size());
        return out.append('\n').toString();
    }

    private static void ranked(StringBuilder out, String heading, java.util.List<Digest.Ranked> entries) {
        out.append("   ").append(heading).append(":\n");
        if (entries.isEmpty()) {
            out.append("     none\n");
        }
        for (Digest.Ranked r : entries) {
            out.append("     ").append(pad(r.denials())).append("  (").append(DigestWording.change(r.denials(),
                    r.previous())).append(")  ").append(safe(r.name())).append('\n');
        }
    }

    private static void shares(StringBuilder out, java.util.List<Digest.PrincipalShare> shares, boolean implicit) {
        if (shares.isEmpty()) {
            out.append("     none\n");
        }
        for (Digest.PrincipalShare s : shares) {
            out.append("     ").append(safe(s.principal())).append(" \u2014 ")
                    .append(implicit ? DigestWording.implicitShare(s) : DigestWording.guardrailShare(s))
                    .append(s.topAction() == null ? "" : ", mostly " + safe(s.topAction())).append('\n');
        }
    }

    private static void more(StringBuilder out, long total, int shown) {
        String more = DigestWording.more(total, shown);
        if (!more.isEmpty()) {
            out.append("     ").append(more).append('\n');
        }
    }

    private static String pad(long n) {
        return String.format("%7d", n);
    }

    private static String safe(String raw) {
        return PlainText.clean(raw, VALUE_MAX);
    }
}
