package io.denywatch.cli.demo;

import io.denywatch.alerts.incident.Wording;
import io.denywatch.alerts.text.PlainText;
import io.denywatch.analyzer.classify.TerminalText;
import io.denywatch.analyzer.model.Diagnosis;
import io.denywatch.analyzer.model.EnrichedDenial;
import io.denywatch.analyzer.model.Principal;
import io.denywatch.analyzer.spike.SpikeRecord;

/** One explained denial on one terminal line: when, who, what on what, and why. */
final class DenialLine {

    private static final int FIELD_MAX = 120;

    private DenialLine() {
    }

    static String format(EnrichedDenial d) {
        StringBuilder line = new StringBuilder("denied ");
        String time = d.eventTime() == null ? "" : d.eventTime();
        line.append(time.length() >= 19 ? time.substring(11, 19) : time).append("  ");
        line.append(safe(who(d.principal()))).append("  ").append(safe(d.action() == null ? d.eventName()
                : d.action()));
        if (!d.resources().isEmpty()) {
            line.append(" on ").append(safe(d.resources().get(0)));
        }
        Diagnosis why = d.diagnosis();
        line.append(" \u2014 ").append(Wording.why(new SpikeRecord.Reason(why.denyKind().name(),
                why.policyType().name(), why.fixLocation().name(), why.policyArn(), why.advice(), why.nextSteps())));
        return line.toString();
    }

    private static String who(Principal p) {
        String identity = p.identityArn() != null ? p.identityArn() : p.arn() != null ? p.arn() : p.invokedBy();
        if (identity == null) {
            return "unknown principal";
        }
        String name = identity.substring(identity.lastIndexOf('/') + 1);
        return p.sessionName() == null ? name : name + " (" + p.sessionName() + ")";
    }

    private static String safe(String value) {
        return value == null ? "-" : TerminalText.neutralize(PlainText.cut(value, FIELD_MAX));
    }
}
