package io.denywatch.alerts.incident;

import io.denywatch.contract.denial.Resolution;
import io.denywatch.contract.denial.StatementFinding;

import java.util.List;

/**
 * A lookup's answer in the words every alert uses: what it found, how, and what each statement has to do with the
 * refused call. Values from the policies or the events are returned raw; each destination escapes them.
 */
public final class ResolutionWording {

    private ResolutionWording() {
    }

    /** The heading: what the lookup found. */
    public static String headline(Resolution resolution) {
        return switch (resolution.outcome()) {
            case RESOLVED -> "Statements behind the denials";
            case NO_MATCH -> "No statement in the policies read explains the denials";
            case LOOKUP_DENIED -> "AWS refused the lookup of the statements behind the denials";
            case NOT_RESOLVABLE -> "Nothing in the events says which policies to look up";
            case LOOKUP_FAILED -> "The lookup of the statements behind the denials failed";
            case BUDGET_SPENT -> "No lookup: this hour's budget of lookups is spent";
        };
    }

    /** How the statements were found; the simulator's answer is said to be a simulation. */
    public static String method(Resolution.Method method) {
        return switch (method) {
            case POLICY_DOCUMENTS -> "found by reading the policies";
            case DECODED_MESSAGE -> "named in AWS's decoded authorization message";
            case SIMULATED -> "from IAM's policy simulator, given the call rebuilt from the record: a simulation,"
                    + " not the original decision";
            case NONE -> "no lookup was made";
        };
    }

    /** What the statement has to do with the refused call. */
    public static String verdict(StatementFinding.Verdict verdict) {
        return switch (verdict) {
            case DENIES -> "denies the call";
            case MAY_DENY -> "may deny the call (a condition the record cannot settle)";
            case ALLOWS -> "allows the call (another layer refused it)";
            case NEAREST_ALLOW -> "the nearest Allow, which misses the call";
            case REPORTED_BY_AWS -> "named by AWS";
        };
    }

    /** The policy layer, as the diagnosis words it. */
    public static String policyType(StatementFinding finding) {
        return Wording.policyType(finding.policyType().name());
    }

    /** The statement's name: its Sid, or that it has none. */
    public static String sid(StatementFinding finding) {
        return finding.sid() == null || finding.sid().isBlank() ? "(no Sid)" : finding.sid();
    }

    /** Whether the condition holds for the call. */
    public static String conditionOutcome(StatementFinding.ConditionCheck check) {
        return switch (check.outcome()) {
            case HOLDS -> "holds";
            case DOES_NOT_HOLD -> "does not hold";
            case UNKNOWN -> "cannot be settled from the record";
        };
    }

    /** The values a condition compares with, as one text. */
    public static String values(List<String> values) {
        return String.join(", ", values);
    }
}
