package io.denywatch.alerts.digest;

import io.denywatch.contract.denial.Diagnosis;
import io.denywatch.contract.denial.DenyKind;
import io.denywatch.contract.denial.PolicyType;

/**
 * What a denial says about the principal's permissions, for the digest: nothing in its own identity policies allowed
 * the call (it may lack a permission), a guardrail stopped it (the control doing its job), or something else (a
 * resource policy, a trust policy, an endpoint policy, a message that names nothing).
 */
public enum DenialCause {
    /** Implicitly denied by the identity-based policies: no statement allowed it. */
    IMPLICIT_IDENTITY,
    /** An SCP, an RCP, a permissions boundary, or any explicit deny. */
    GUARDRAIL,
    /** Neither. */
    OTHER;

    public static DenialCause of(Diagnosis diagnosis) {
        return diagnosis == null ? OTHER : of(diagnosis.denyKind(), diagnosis.policyType());
    }

    /** From the names as the enriched denial's JSON has them; unknown names count as {@link #OTHER}'s. */
    public static DenialCause of(String denyKind, String policyType) {
        try {
            return of(DenyKind.valueOf(denyKind), PolicyType.valueOf(policyType));
        } catch (IllegalArgumentException | NullPointerException e) {
            return OTHER;
        }
    }

    public static DenialCause of(DenyKind kind, PolicyType type) {
        if (kind == DenyKind.EXPLICIT || type == PolicyType.SERVICE_CONTROL_POLICY
                || type == PolicyType.RESOURCE_CONTROL_POLICY || type == PolicyType.PERMISSIONS_BOUNDARY) {
            return GUARDRAIL;
        }
        if (kind == DenyKind.IMPLICIT && type == PolicyType.IDENTITY_BASED) {
            return IMPLICIT_IDENTITY;
        }
        return OTHER;
    }
}
