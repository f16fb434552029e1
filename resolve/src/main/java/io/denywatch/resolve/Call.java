package io.denywatch.resolve;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.denywatch.contract.denial.DenyKind;
import io.denywatch.contract.denial.PolicyType;

/**
 * A refused call as a lookup needs it: who, what, on which resources, what the record already says about why, and the
 * request context CloudTrail logged.
 *
 * @param principalArn    the IAM user or role the call belongs to (not the session); null when there is none
 * @param principalType   {@code userIdentity.type} as logged
 * @param callerAccount   the caller's account
 * @param resourceAccount the account that received the call
 * @param region          the region the call was made to
 * @param action          {@code service:Action}, service prefix in lower case
 * @param resources       ARNs the call was about, most specific first; may be empty
 * @param denyKind        explicit or implicit, as the message says
 * @param policyType      the layer the message blames
 * @param policyArn       the denying policy's ARN, when the message names it
 * @param encodedMessage  the encoded authorization message, whole; null when absent or cut short
 * @param authorizationId the authorization id the message carries, when it does
 * @param context         global condition keys and the values the record shows for them ({@code aws:SourceIp},
 *                        {@code aws:RequestedRegion}, {@code aws:PrincipalArn}, {@code aws:SourceVpce}, ...); a key
 *                        is absent when the record does not show its value
 */
public record Call(String principalArn, String principalType, String callerAccount, String resourceAccount,
                   String region, String action, List<String> resources, DenyKind denyKind, PolicyType policyType,
                   String policyArn, String encodedMessage, String authorizationId, Map<String, String> context) {

    public Call {
        Objects.requireNonNull(action, "action");
        resources = resources == null ? List.of() : List.copyOf(resources);
        Objects.requireNonNull(denyKind, "denyKind");
        Objects.requireNonNull(policyType, "policyType");
        context = context == null ? Map.of() : Map.copyOf(context);
    }

    /** The first resource, or null when the call names none. */
    public String resource() {
        return resources.isEmpty() ? null : resources.get(0);
    }
}
