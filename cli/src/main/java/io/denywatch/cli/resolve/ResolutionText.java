package io.denywatch.cli.resolve;

import io.denywatch.common.text.TerminalText;
import io.denywatch.contract.denial.Resolution;
import io.denywatch.contract.denial.StatementFinding;
import io.denywatch.contract.denial.StatementFinding.ConditionCheck;

/**
 * A lookup's answer as plain text under a denial or an incident: the summary, then each statement with its policy,
 * verdict, why, its conditions against the record's values, and the statement itself. Every string that came from an
 * event or a policy document passes through {@link TerminalText#neutralize}.
 */
public final class ResolutionText {

    private static final String INDENT = "  ";

    private ResolutionText() {
    }

    /** The lines for one resolution, each ending in {@code \n}, indented by {@code indent}. */
    public static String format(Resolution resolution, String indent) {
        StringBuilder out = new StringBuilder();
        String method = switch (resolution.method()) {
            case POLICY_DOCUMENTS -> "policy documents read from AWS";
            case DECODED_MESSAGE -> "the authorization message, decoded by STS";
            case SIMULATED -> "IAM's policy simulator (simulated, not the original decision)";
            case NONE -> "no lookup made";
        };
        out.append(indent).append("looked up: ").append(safe(resolution.summary())).append('\n');
        out.append(indent).append(INDENT).append("from ").append(method).append('\n');
        for (StatementFinding statement : resolution.statements()) {
            out.append(indent).append(INDENT).append(verdict(statement.verdict())).append(": ")
                    .append(statement.effect() == null ? "" : safe(statement.effect()) + " ")
                    .append("statement ").append(statement.sid() == null ? "(no Sid)" : safe(statement.sid()));
            if (statement.policyArn() != null) {
                out.append(" in ").append(safe(statement.policyArn()));
            }
            out.append(" (").append(statement.policyType().name().toLowerCase(java.util.Locale.ROOT)
                    .replace('_', ' ')).append(")\n");
            if (statement.explanation() != null) {
                out.append(indent).append(INDENT).append(INDENT).append(safe(statement.explanation())).append('\n');
            }
            for (ConditionCheck condition : statement.conditions()) {
                out.append(indent).append(INDENT).append(INDENT).append("condition ")
                        .append(safe(condition.operator())).append(' ').append(safe(condition.key())).append(' ')
                        .append(safe(String.join(", ", condition.values()))).append(": ")
                        .append(condition.recordValue() == null ? "the record does not show the value"
                                : "the call had " + safe(condition.recordValue()))
                        .append(" (").append(outcome(condition.outcome())).append(")\n");
            }
            if (statement.statement() != null) {
                out.append(indent).append(INDENT).append(INDENT)
                        .append(safe(statement.statement().isTextual() ? statement.statement().asText()
                                : statement.statement().toString())).append('\n');
            }
        }
        for (String note : resolution.notes()) {
            out.append(indent).append(INDENT).append("note: ").append(safe(note)).append('\n');
        }
        return out.toString();
    }

    private static String verdict(StatementFinding.Verdict verdict) {
        return switch (verdict) {
            case DENIES -> "denies";
            case MAY_DENY -> "may deny";
            case ALLOWS -> "allows";
            case NEAREST_ALLOW -> "nearest allow";
            case REPORTED_BY_AWS -> "named by AWS";
        };
    }

    private static String outcome(ConditionCheck.Outcome outcome) {
        return switch (outcome) {
            case HOLDS -> "holds";
            case DOES_NOT_HOLD -> "does not hold";
            case UNKNOWN -> "cannot tell";
        };
    }

    private static String safe(String text) {
        return text == null ? "" : TerminalText.neutralize(text);
    }
}
