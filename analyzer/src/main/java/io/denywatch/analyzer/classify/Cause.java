package io.denywatch.analyzer.classify;

import io.denywatch.contract.denial.FixLocation;

/**
 * The readings of an authorization denial the analyzer tells apart, each with where its fix lives and the advice for
 * whoever has to make it (domain.md §5).
 */
enum Cause {
    SERVICE_CONTROL_POLICY(FixLocation.ORGANIZATION,
            "A service control policy of the organization refused this action for the caller's account; no IAM policy"
                    + " in the account can override it, so the change or an exception has to come from whoever"
                    + " manages the organization's policies."),
    SERVICE_CONTROL_POLICY_VIA_VPC_ENDPOINT(FixLocation.ORGANIZATION,
            "A service control policy refused the call through a VPC endpoint condition it enforces; either route the"
                    + " call through the endpoint the organization requires, or have the organization's"
                    + " administrators change that SCP."),
    RESOURCE_CONTROL_POLICY(FixLocation.ORGANIZATION,
            "A resource control policy of the organization guards this resource; neither the resource's own policy"
                    + " nor the caller's permissions can override it, so the organization's administrators have to"
                    + " change or exempt it."),
    PERMISSIONS_BOUNDARY(FixLocation.PERMISSIONS_BOUNDARY,
            "The permissions boundary on the user or role does not let this action through; widen the boundary,"
                    + " since adding the action to the role's own policy changes nothing while the boundary omits"
                    + " it."),
    SESSION_POLICY(FixLocation.SESSION_POLICY,
            "The session policy passed when this session was created is narrower than the role's permissions;"
                    + " whoever assumes the role (or federates the user) has to pass a session policy that includes"
                    + " this action, or none."),
    IDENTITY_IMPLICIT(FixLocation.IDENTITY_POLICY,
            "None of the caller's identity-based policies allow this action on this exact resource; add it to the"
                    + " user's or role's policy, checking the resource ARN pattern and any conditions."),
    IDENTITY_EXPLICIT(FixLocation.IDENTITY_POLICY,
            "A Deny statement in the caller's own identity-based policies matches this request; find it (the policy"
                    + " ARN is shown when AWS gave it) and narrow it, because no Allow anywhere outweighs a Deny."),
    RESOURCE_IMPLICIT(FixLocation.RESOURCE_POLICY,
            "The target's resource-based policy does not grant this caller the action; add a statement for the"
                    + " caller there, naming it explicitly when it belongs to another account."),
    RESOURCE_EXPLICIT(FixLocation.RESOURCE_POLICY,
            "A Deny statement in the target's resource-based policy matches this request, often through a condition"
                    + " on network, TLS or encryption; change that statement or make the request meet its condition."),
    KMS_KEY(FixLocation.KMS_KEY_POLICY,
            "The KMS key's policy does not let this caller use the key, or the key does not exist in this Region;"
                    + " grant the caller in the key policy, or let the key policy delegate to IAM and allow it"
                    + " there."),
    TRUST_POLICY(FixLocation.TRUST_POLICY,
            "The role's trust policy does not allow this principal to assume it; add the caller, or its account with"
                    + " suitable conditions, as a trusted principal of the role."),
    ASSUME_ROLE_WITHOUT_REASON(FixLocation.TRUST_POLICY,
            "AWS gave no reason, which for a refused role assumption most often means the role's trust policy does"
                    + " not name this caller; if it does, the caller's own policy lacks sts:AssumeRole on the role."),
    FEDERATION_TRUST_POLICY(FixLocation.TRUST_POLICY,
            "Inferred from the call: AssumeRoleWithWebIdentity and AssumeRoleWithSAML are made without AWS credentials,"
                    + " so no identity policy, boundary or SCP of the caller is evaluated; the role's trust policy"
                    + " refused the token (its issuer, audience or subject conditions), or a resource control policy"
                    + " of the organization did."),
    VPC_ENDPOINT(FixLocation.NETWORK_PATH,
            "The policy of the VPC endpoint the request passed through does not allow it; extend that endpoint"
                    + " policy, or send the request by a path that avoids the endpoint."),
    BLOCK_PUBLIC_ACCESS(FixLocation.RESOURCE_POLICY,
            "S3 Block Public Access refused a public ACL or bucket policy; keep the data private another way, or"
                    + " turn off that one Block Public Access setting on the bucket, access point or account if"
                    + " public access is really intended."),
    SSE_C_BLOCKED(FixLocation.RESOURCE_POLICY,
            "The bucket refuses uploads encrypted with customer-provided keys (SSE-C); write with SSE-S3 or SSE-KMS"
                    + " instead, or allow SSE-C in the bucket's default encryption settings."),
    BILLING_ACCESS(FixLocation.UNKNOWN,
            "IAM access to billing and cost data is not activated in this account; the root user has to activate IAM"
                    + " user and role access to billing information, and the caller still needs the matching"
                    + " permissions."),
    SERVICE_REFUSED_BY_RESOURCE(FixLocation.RESOURCE_POLICY,
            "Inferred from the caller being an AWS service (userIdentity.type AWSService), which has no identity-based"
                    + " policy: the target's resource-based policy refused it, or a resource control policy of the"
                    + " organization did. Grant the service principal in that policy, scoped with aws:SourceAccount"
                    + " or aws:SourceArn."),
    LOG_DELIVERY_REFUSED(FixLocation.RESOURCE_POLICY,
            "Logs are being lost: an AWS log delivery service was refused on its destination. Inferred from the caller"
                    + " being an AWS service (userIdentity.type AWSService), which has no identity-based policy: the"
                    + " bucket's policy (or, for an encrypted destination, the KMS key's policy) does not grant it, or"
                    + " a resource control policy of the organization refuses it. Grant the delivery service there,"
                    + " scoped with aws:SourceAccount or aws:SourceArn."),
    S3_OBJECT(FixLocation.UNKNOWN,
            "S3 did not say why; check the bucket policy and the caller's policies for this object, and note that a"
                    + " missing object reads as AccessDenied without s3:ListBucket and that SSE-KMS objects also need"
                    + " kms:Decrypt on their key."),
    S3_WITHHELD(FixLocation.UNKNOWN,
            "S3 withholds the reason from callers outside the bucket owner's organization; a cross-account call needs"
                    + " the bucket policy to name the caller and the caller's own policy to allow the action."),
    EC2_ENCODED(FixLocation.UNKNOWN,
            "EC2 put the reason in the encoded authorization message; decode it to see whether an explicit Deny or a"
                    + " missing Allow refused the call, and which statements matched."),
    EXPLICIT_UNKNOWN_POLICY(FixLocation.UNKNOWN,
            "A Deny statement matched, but the message does not say in which policy; look for a Deny on this action"
                    + " in the caller's policies, its permissions boundary, the resource's policy and the"
                    + " organization's SCPs."),
    UNKNOWN(FixLocation.UNKNOWN,
            "The message does not say which policy refused the call; confirm which identity the failing code really"
                    + " runs as, then simulate its policies for this action and resource.");

    private final FixLocation fixLocation;
    private final String advice;

    Cause(FixLocation fixLocation, String advice) {
        this.fixLocation = fixLocation;
        this.advice = advice;
    }

    FixLocation fixLocation() {
        return fixLocation;
    }

    String advice() {
        return advice;
    }
}
