package io.denywatch.contract.denial;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One policy statement named as the reason for a refusal, found by looking the policy up in AWS.
 *
 * @param policyArn   the policy that holds the statement; for an inline policy, the principal's ARN followed by
 *                    {@code #} and the policy's name
 * @param policyType  the layer the policy sits in
 * @param sid         the statement's {@code Sid}, or null when it has none
 * @param effect      {@code Allow} or {@code Deny}, as the statement says
 * @param statement   the statement itself, as the policy document holds it
 * @param verdict     what the statement has to do with the refused call
 * @param explanation one sentence saying why, in terms of the call (which action and resource it matched or missed)
 * @param conditions  the statement's conditions, each with the value the record shows where it shows one
 */
@JsonPropertyOrder({"policyArn", "policyType", "sid", "effect", "statement", "verdict", "explanation", "conditions"})
public record StatementFinding(String policyArn, PolicyType policyType, String sid, String effect, JsonNode statement,
                               Verdict verdict, String explanation, List<ConditionCheck> conditions) {

    public StatementFinding {
        Objects.requireNonNull(policyType, "policyType");
        Objects.requireNonNull(verdict, "verdict");
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
    }

    /** What a statement has to do with the refused call. */
    public enum Verdict {
        /** A Deny statement whose action and resource match the call, and whose conditions hold or are absent. */
        DENIES,
        /** A Deny statement whose action and resource match, with a condition the record cannot settle. */
        MAY_DENY,
        /** An Allow statement that covers the call: shown when another layer refused what this one allows. */
        ALLOWS,
        /** The Allow that comes closest to the call and misses it; the explanation says by what. */
        NEAREST_ALLOW,
        /** Named by AWS itself: in a decoded authorization message or by the policy simulator. */
        REPORTED_BY_AWS
    }

    /**
     * One condition of a statement, held against the call.
     *
     * @param operator    e.g. {@code StringNotEquals}, {@code IpAddress}
     * @param key         the condition key, e.g. {@code aws:SourceIp}
     * @param values      the values the statement compares with
     * @param recordValue the call's value for the key as CloudTrail logged it, or null when the record does not show it
     * @param outcome     whether the condition holds for the call
     */
    public record ConditionCheck(String operator, String key, List<String> values, String recordValue,
                                 Outcome outcome) {
        public ConditionCheck {
            values = values == null ? List.of() : List.copyOf(values);
            Objects.requireNonNull(outcome, "outcome");
        }

        /** Whether a condition holds for the call. */
        public enum Outcome { HOLDS, DOES_NOT_HOLD, UNKNOWN }
    }
}
