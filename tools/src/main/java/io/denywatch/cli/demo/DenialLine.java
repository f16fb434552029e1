package io.denywatch.cli.demo;

import io.denywatch.alerts.incident.Wording;
import io.denywatch.alerts.text.PlainText;
import io.denywatch.common.text.TerminalText;
import io.denywatch.contract.denial.Category;
import io.denywatch.contract.denial.Diagnosis;
import io.denywatch.contract.denial.EnrichedDenial;
import io.denywatch.contract.denial.Principal;
import io.denywatch.contract.incident.SpikeRecord;

/** One explained denial on one terminal line: when, who, what on what, and why. */
final class DenialLine {

    private static final int FIELD_MAX = 120;

    private DenialLine() {
    }

    static String format(EnrichedDenial d) {
        String time = d.eventTime() == null ? "" : d.eventTime();
        time = time.length() >= 19 ? time.substring(11, 19) : time;
        if (d.category() == Category.AUTHENTICATION) {
            return "failed " + time + "  " + safe(who(d.principal(), d.recipientAccountId())) + "  "
                    + safe(d.eventName()) + " from " + safe(d.sourceIpAddress()) + " \u2014 "
                    + safe(d.errorMessage() == null ? "authentication failed" : d.errorMessage());
        }
        StringBuilder line = new StringBuilder("denied ");
        line.append(time).append("  ");
        line.append(safe(who(d.principal(), d.recipientAccountId()))).append("  ").append(safe(d.action() == null ? d.eventName()
                : d.action()));
        if (!d.resources().isEmpty()) {
            line.append(" on ").append(safe(d.resources().get(0)));
        }
        Diagnosis why = d.diagnosis();
        line.append(" \u2014 ").append(Wording.why(new SpikeRecord.Reason(why.denyKind().name(),
                why.policyType().name(), why.fixLocation().name(), why.policyArn(), why.advice(), why.nextSteps())));
        return line.toString();
    }

    private static String who(Principal p, String account) {
        String identity = p.identityArn() != null ? p.identityArn() : p.arn() != null ? p.arn() : p.invokedBy();
        if (identity == null) {
            String of = p.accountId() != null ? p.accountId() : account;
            return of == null ? "unknown principal" : "a principal of account " + of;
        }
        String name = identity.substring(identity.lastIndexOf('/') + 1);
        return p.sessionName() == null ? name : name + " (" + p.sessionName() + ")";
    }

    private static String safe(String value) {
        return value == null ? "-" : TerminalText.neutralize(PlainText.cut(value, FIELD_MAX));
    }
}
