package io.denywatch.contract.denial;

import java.util.List;
import java.util.Objects;

/**
 * Why a call was refused and what to do about it.
 *
 * @param denyKind        explicit or implicit, when the message says so
 * @param policyType      the kind of policy the message blames
 * @param policyArn       the denying policy's ARN, when the message carries one
 * @param authorizationId the id for {@code GetRequestAuthorizationDetails}, when the message carries one
 * @param encodedMessage  whether an encoded authorization message is present, and whole
 * @param fixLocation     where the change has to be made
 * @param advice          one or two sentences for the person fixing it
 * @param nextSteps       shell commands to run, arguments quoted for a POSIX shell
 */
public record Diagnosis(DenyKind denyKind, PolicyType policyType, String policyArn, String authorizationId,
                        EncodedMessage encodedMessage, FixLocation fixLocation, String advice,
                        List<String> nextSteps) {

    public Diagnosis {
        Objects.requireNonNull(denyKind, "denyKind");
        Objects.requireNonNull(policyType, "policyType");
        Objects.requireNonNull(encodedMessage, "encodedMessage");
        Objects.requireNonNull(fixLocation, "fixLocation");
        Objects.requireNonNull(advice, "advice");
        nextSteps = List.copyOf(nextSteps);
    }
}
