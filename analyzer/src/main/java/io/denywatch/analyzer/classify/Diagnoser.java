package io.denywatch.analyzer.classify;

import java.util.List;

import io.denywatch.analyzer.classify.DenialMessage.Reason;
import io.denywatch.analyzer.classify.DenialMessage.Shape;
import io.denywatch.contract.denial.Category;
import io.denywatch.contract.denial.DenyKind;
import io.denywatch.contract.denial.Diagnosis;
import io.denywatch.contract.denial.EncodedMessage;
import io.denywatch.contract.denial.FixLocation;
import io.denywatch.contract.denial.PolicyType;

/**
 * Turns what an event says into a {@link Diagnosis}: deny kind, policy type, where the fix lives, advice and commands.
 *
 * <p>Decisions where domain.md leaves room:
 * <ul>
 *   <li>A service control policy's "explicit deny" is reported as {@link DenyKind#UNKNOWN}: AWS may say explicit
 *       for an SCP that merely did not allow, so the word cannot be trusted; the fix is the organization's either
 *       way. An SCP's "because no service control policy allows" stays {@link DenyKind#IMPLICIT}.</li>
 *   <li>{@code VPC endpoint policy transitively through a service control policy} is the SCP's deny: type
 *       {@link PolicyType#SERVICE_CONTROL_POLICY}, fix {@link FixLocation#ORGANIZATION}; the advice mentions the
 *       endpoint condition.</li>
 *   <li>A refused {@code sts:AssumeRole*} whose message has no reason clause keeps kind and type
 *       {@link DenyKind#UNKNOWN}/{@link PolicyType#UNKNOWN} (the text says nothing), but its fix location is
 *       {@link FixLocation#TRUST_POLICY}, the usual cause, and the advice names the other possibility (the caller's
 *       own {@code sts:AssumeRole} permission).</li>
 *   <li>A resource-based deny for a KMS action or key is fixed in the {@link FixLocation#KMS_KEY_POLICY}.</li>
 *   <li>{@code VpceAccessDenied} is a VPC endpoint denial whose kind the message does not give.</li>
 *   <li>A message that names no policy, refused to an AWS service principal on a resource that has a policy of its
 *       own, is that resource's policy (or an RCP): see {@link ServiceCallers}. Nothing else is inferred — not from
 *       {@code invokedBy}, EC2's encoded-only messages, S3's bare "Access Denied" or an empty message, which all
 *       leave more than one layer possible.</li>
 *   <li>S3 Block Public Access and a blocked SSE-C upload are settings of the target bucket (or its account):
 *       {@link FixLocation#RESOURCE_POLICY}; Block Public Access acts as an explicit deny.</li>
 * </ul>
 */
final class Diagnoser {

    private static final String CROSS_ACCOUNT = " The call crossed accounts, so both the caller's identity policy"
            + " and the target's resource policy must allow it.";
    private static final String ENCODED_CUT = " The encoded authorization message was cut short in CloudTrail and"
            + " cannot be decoded; the error response the caller received holds it whole.";

    /** The STS calls that assume a role, whose trust policy decides. */
    private static final List<String> ASSUME_ROLE_ACTIONS = List.of("sts:AssumeRole", "sts:AssumeRoleWithSAML",
            "sts:AssumeRoleWithWebIdentity");

    /** Object-level S3 actions, where S3 hides missing objects and KMS problems behind AccessDenied. */
    private static final List<String> S3_OBJECT_ACTIONS = List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject",
            "s3:GetObjectVersion", "s3:GetObjectAttributes", "s3:RestoreObject");

    private Diagnoser() {
    }

    static Diagnosis diagnose(DenialFacts f) {
        DenialMessage m = f.message();
        EncodedMessage encoded = m.encodedBlob() == null ? EncodedMessage.ABSENT
                : new EncodedMessage(true, m.encodedTruncated());
        if (f.category() == Category.AUTHENTICATION) {
            return new Diagnosis(DenyKind.UNKNOWN, PolicyType.UNKNOWN, null, null, encoded, FixLocation.UNKNOWN,
                    AuthenticationAdvice.forCode(f.bareErrorCode()), NextSteps.authentication(f));
        }
        Verdict v = verdict(f);
        return new Diagnosis(v.kind(), v.type(), m.policyArn(), m.authorizationId(), encoded,
                v.cause().fixLocation(), advice(v.cause(), f), NextSteps.authorization(v.cause(), v.type(), f));
    }

    /** Kind, type and cause of an authorization denial. */
    record Verdict(DenyKind kind, PolicyType type, Cause cause) {
    }

    static Verdict verdict(DenialFacts f) {
        DenialMessage m = f.message();
        if ("VpceAccessDenied".equals(f.errorCode()) || m.shape() == Shape.VPC_ENDPOINT_DENIED) {
            return new Verdict(DenyKind.UNKNOWN, PolicyType.VPC_ENDPOINT_POLICY, Cause.VPC_ENDPOINT);
        }
        switch (m.reason()) {
            case IMPLICIT:
            case EXPLICIT:
                return stated(m, f);
            case KMS_KEY_ACCESS:
                return new Verdict(DenyKind.UNKNOWN, PolicyType.RESOURCE_BASED, Cause.KMS_KEY);
            case BLOCK_PUBLIC_ACCESS:
                return new Verdict(DenyKind.EXPLICIT, PolicyType.UNKNOWN, Cause.BLOCK_PUBLIC_ACCESS);
            case SSE_C_BLOCKED:
                return new Verdict(DenyKind.UNKNOWN, PolicyType.UNKNOWN, Cause.SSE_C_BLOCKED);
            default:
                if (ServiceCallers.federationRefused(f)) {
                    return new Verdict(DenyKind.UNKNOWN, PolicyType.ROLE_TRUST_POLICY, Cause.FEDERATION_TRUST_POLICY);
                }
                if (ServiceCallers.refusedByResource(f)) {
                    return new Verdict(DenyKind.UNKNOWN, PolicyType.RESOURCE_BASED,
                            ServiceCallers.isLogDelivery(f.principal()) ? Cause.LOG_DELIVERY_REFUSED
                                    : isKms(f) ? Cause.KMS_KEY : Cause.SERVICE_REFUSED_BY_RESOURCE);
                }
                return new Verdict(DenyKind.UNKNOWN, PolicyType.UNKNOWN, unstated(m, f));
        }
    }

    /** A reason clause that names its kind, and perhaps its policy type. */
    private static Verdict stated(DenialMessage m, DenialFacts f) {
        boolean explicit = m.reason() == Reason.EXPLICIT;
        DenyKind kind = explicit ? DenyKind.EXPLICIT : DenyKind.IMPLICIT;
        PolicyType type = m.policyType();
        switch (type) {
            case SERVICE_CONTROL_POLICY:
                return new Verdict(explicit ? DenyKind.UNKNOWN : DenyKind.IMPLICIT, type,
                        m.throughVpcEndpoint() ? Cause.SERVICE_CONTROL_POLICY_VIA_VPC_ENDPOINT
                                : Cause.SERVICE_CONTROL_POLICY);
            case RESOURCE_CONTROL_POLICY:
                return new Verdict(kind, type, Cause.RESOURCE_CONTROL_POLICY);
            case PERMISSIONS_BOUNDARY:
                return new Verdict(kind, type, Cause.PERMISSIONS_BOUNDARY);
            case SESSION_POLICY:
                return new Verdict(kind, type, Cause.SESSION_POLICY);
            case IDENTITY_BASED:
                return new Verdict(kind, type, explicit ? Cause.IDENTITY_EXPLICIT : Cause.IDENTITY_IMPLICIT);
            case RESOURCE_BASED:
                if (isKms(f)) {
                    return new Verdict(kind, type, Cause.KMS_KEY);
                }
                return new Verdict(kind, type, explicit ? Cause.RESOURCE_EXPLICIT : Cause.RESOURCE_IMPLICIT);
            case VPC_ENDPOINT_POLICY:
                return new Verdict(kind, type, Cause.VPC_ENDPOINT);
            case ROLE_TRUST_POLICY:
                return new Verdict(kind, type, Cause.TRUST_POLICY);
            default:
                return new Verdict(kind, PolicyType.UNKNOWN,
                        explicit ? Cause.EXPLICIT_UNKNOWN_POLICY : Cause.UNKNOWN);
        }
    }

    /** A message that names no policy: the service, the action and the message's family decide the advice. */
    private static Cause unstated(DenialMessage m, DenialFacts f) {
        switch (m.shape()) {
            case KMS_CIPHERTEXT:
                return Cause.KMS_KEY;
            case BILLING_ACCESS_NOT_ACTIVATED:
                return Cause.BILLING_ACCESS;
            case NOT_AUTHORIZED:
                if (m.reason() == Reason.NONE && isAssumeRole(f.action())) {
                    return Cause.ASSUME_ROLE_WITHOUT_REASON;
                }
                break;
            case EC2_GENERIC:
                if (m.encodedBlob() != null && !m.encodedTruncated()) {
                    return Cause.EC2_ENCODED;
                }
                break;
            default:
                break;
        }
        if (isS3ObjectAction(f.action())) {
            return Cause.S3_OBJECT;
        }
        if (m.shape() == Shape.BARE_ACCESS_DENIED) {
            return Cause.S3_WITHHELD;
        }
        return Cause.UNKNOWN;
    }

    private static String advice(Cause cause, DenialFacts f) {
        String advice = cause.advice();
        if (f.message().encodedBlob() != null && f.message().encodedTruncated()) {
            advice += ENCODED_CUT;
        }
        FixLocation fix = cause.fixLocation();
        boolean bothSides = fix == FixLocation.IDENTITY_POLICY || fix == FixLocation.RESOURCE_POLICY
                || fix == FixLocation.KMS_KEY_POLICY || fix == FixLocation.UNKNOWN;
        if (f.principal().crossAccount() && bothSides && cause != Cause.S3_WITHHELD
                && cause != Cause.BLOCK_PUBLIC_ACCESS && cause != Cause.SSE_C_BLOCKED) {
            advice += CROSS_ACCOUNT;
        }
        return advice;
    }

    private static boolean isKms(DenialFacts f) {
        return (f.action() != null && f.action().startsWith("kms:")) || f.firstResourceOf("kms") != null;
    }

    private static boolean isAssumeRole(String action) {
        return action != null && ASSUME_ROLE_ACTIONS.contains(action);
    }

    private static boolean isS3ObjectAction(String action) {
        return action != null && S3_OBJECT_ACTIONS.contains(action);
    }
}
