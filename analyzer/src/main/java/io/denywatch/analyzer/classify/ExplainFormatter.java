package io.denywatch.analyzer.classify;

import io.denywatch.common.text.TerminalText;

import java.util.List;

import io.denywatch.contract.denial.Category;
import io.denywatch.contract.denial.DenyKind;
import io.denywatch.contract.denial.Diagnosis;
import io.denywatch.contract.denial.EncodedMessage;
import io.denywatch.contract.denial.EnrichedDenial;
import io.denywatch.contract.denial.FixLocation;
import io.denywatch.contract.denial.PolicyType;
import io.denywatch.contract.denial.Principal;
import io.denywatch.contract.denial.SourceRef;

/**
 * Renders one {@link EnrichedDenial} as plain text for a terminal: who, what, on what, why, where the fix lives and
 * what to run next. No colours or other escape sequences are written, and every event-derived string passes through
 * {@link TerminalText#neutralize}, so an event cannot drive the terminal.
 */
public final class ExplainFormatter {

    private static final int LABEL_WIDTH = 10;
    private static final int WRAP_AT = 100;
    private static final String INDENT = "  ";
    private static final String CONTINUATION = " ".repeat(INDENT.length() + LABEL_WIDTH);

    /** The text for one denial, lines ending in {@code \n}. */
    public String format(EnrichedDenial d) {
        StringBuilder out = new StringBuilder(1024);
        String code = d.errorCode() != null ? d.errorCode() : "ConsoleLogin failure";
        out.append(safe(code)).append(": ")
                .append(d.category() == Category.AUTHORIZATION ? "authorization denial" : "authentication failure")
                .append('\n');
        line(out, "when", join(d.eventTime(), d.awsRegion() == null ? null : "in " + d.awsRegion(),
                d.recipientAccountId() == null ? null : "account " + d.recipientAccountId()));
        who(out, d.principal(), d.recipientAccountId());
        line(out, "what", join(d.action(), d.eventSource() == null ? null
                : "(" + join(d.eventSource(), d.eventName()) + ")"));
        list(out, "on", d.resources());
        Diagnosis diagnosis = d.diagnosis();
        line(out, "why", why(d.category(), diagnosis));
        line(out, "policy", diagnosis.policyArn());
        line(out, "auth id", diagnosis.authorizationId());
        line(out, "encoded", encoded(diagnosis.encodedMessage()));
        line(out, "fix in", fixLocation(diagnosis.fixLocation()));
        wrapped(out, "advice", diagnosis.advice());
        list(out, "next", diagnosis.nextSteps());
        wrapped(out, "message", d.errorMessage());
        SourceRef source = d.source();
        line(out, "event", join(d.eventId() == null ? null : "id " + d.eventId(),
                d.requestId() == null ? null : "request " + d.requestId(),
                source == null || source.bucket() == null ? null
                        : "from s3://" + source.bucket() + "/" + (source.key() == null ? "" : source.key())));
        return out.toString();
    }

    private static void who(StringBuilder out, Principal p, String recipient) {
        String shown = p.arn() != null ? p.arn() : p.invokedBy() != null ? p.invokedBy() : p.accountId();
        line(out, "who", join(shown, p.type() == null ? null : "(" + p.type() + ")"));
        if (p.identityArn() != null && !p.identityArn().equals(p.arn())) {
            line(out, "identity", p.identityArn());
        }
        line(out, "session", p.sessionName());
        if (p.invokedBy() != null && !p.invokedBy().equals(shown)) {
            line(out, "via", "invoked by " + p.invokedBy());
        }
        if (p.crossAccount()) {
            line(out, "accounts", "caller " + p.accountId() + ", target " + recipient + " (cross-account call)");
        }
    }

    static String why(Category category, Diagnosis d) {
        if (category == Category.AUTHENTICATION) {
            return "AWS did not accept the caller's credentials";
        }
        String policy = policyName(d.policyType());
        DenyKind kind = d.denyKind();
        if (policy == null) {
            if (kind == DenyKind.EXPLICIT) {
                return "explicit deny, in a policy the message does not name";
            }
            if (kind == DenyKind.IMPLICIT) {
                return "implicit deny (nothing allowed it); the message does not name the policy type";
            }
            return "the message does not say which policy refused the call";
        }
        if (kind == DenyKind.EXPLICIT) {
            return "explicit deny in " + policy;
        }
        if (kind == DenyKind.IMPLICIT) {
            return "implicit deny: no statement in " + policy + " allows it";
        }
        return "refused by " + policy + " (explicit or implicit is not known)";
    }

    private static String policyName(PolicyType type) {
        switch (type) {
            case IDENTITY_BASED:
                return "the caller's identity-based policies";
            case RESOURCE_BASED:
                return "the resource-based policy";
            case PERMISSIONS_BOUNDARY:
                return "the permissions boundary";
            case SESSION_POLICY:
                return "the session policy";
            case SERVICE_CONTROL_POLICY:
                return "a service control policy";
            case RESOURCE_CONTROL_POLICY:
                return "a resource control policy";
            case VPC_ENDPOINT_POLICY:
                return "a VPC endpoint policy";
            case ROLE_TRUST_POLICY:
                return "the role trust policy";
            default:
                return null;
        }
    }

    static String fixLocation(FixLocation fix) {
        switch (fix) {
            case ORGANIZATION:
                return "the organization's policies (SCP or RCP), not the account's";
            case PERMISSIONS_BOUNDARY:
                return "the permissions boundary of the user or role";
            case SESSION_POLICY:
                return "the session policy passed by whoever created the session";
            case IDENTITY_POLICY:
                return "the caller's identity-based policies";
            case RESOURCE_POLICY:
                return "the target resource's policy or settings";
            case TRUST_POLICY:
                return "the trust policy of the role being assumed";
            case NETWORK_PATH:
                return "the VPC endpoint policy on the network path";
            case KMS_KEY_POLICY:
                return "the KMS key policy";
            default:
                return "not known from the event";
        }
    }

    private static String encoded(EncodedMessage encoded) {
        if (!encoded.present()) {
            return null;
        }
        return encoded.truncated() ? "present, but cut short by CloudTrail: it cannot be decoded"
                : "present and whole: decode it with the command below";
    }

    private static void line(StringBuilder out, String label, String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        label(out, label).append(safe(value)).append('\n');
    }

    private static void list(StringBuilder out, String label, List<String> values) {
        for (int i = 0; i < values.size(); i++) {
            if (i == 0) {
                label(out, label);
            } else {
                out.append(CONTINUATION);
            }
            out.append(safe(values.get(i))).append('\n');
        }
    }

    /** Writes a long value over several lines, breaking at spaces. */
    private static void wrapped(StringBuilder out, String label, String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        String text = safe(value);
        int width = WRAP_AT - CONTINUATION.length();
        label(out, label);
        int start = 0;
        boolean first = true;
        while (start < text.length()) {
            int end = Math.min(text.length(), start + width);
            if (end < text.length()) {
                int space = text.lastIndexOf(' ', end);
                if (space > start) {
                    end = space;
                }
            }
            if (!first) {
                out.append(CONTINUATION);
            }
            out.append(text, start, end).append('\n');
            first = false;
            start = end;
            while (start < text.length() && text.charAt(start) == ' ') {
                start++;
            }
        }
    }

    private static StringBuilder label(StringBuilder out, String label) {
        out.append(INDENT).append(label);
        out.append(" ".repeat(Math.max(1, LABEL_WIDTH - label.length())));
        return out;
    }

    private static String join(String... parts) {
        StringBuilder b = new StringBuilder();
        for (String part : parts) {
            if (part != null && !part.isEmpty()) {
                if (b.length() > 0) {
                    b.append(' ');
                }
                b.append(part);
            }
        }
        return b.toString();
    }

    private static String safe(String value) {
        return TerminalText.neutralize(value);
    }
}
