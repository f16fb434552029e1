package io.denywatch.contract.denial;

/** Where the person fixing a denial has to make the change. */
public enum FixLocation {
    /** An organization policy (SCP or RCP): the account's own policies are not the problem. */
    ORGANIZATION,
    /** The permissions boundary attached to the user or role. */
    PERMISSIONS_BOUNDARY,
    /** The session policy passed by whoever assumed the role or federated the user. */
    SESSION_POLICY,
    /** The caller's own identity-based policies. */
    IDENTITY_POLICY,
    /** The policy or setting on the target resource (bucket, queue, topic, function, secret...). */
    RESOURCE_POLICY,
    /** The trust policy of the role being assumed. */
    TRUST_POLICY,
    /** A VPC endpoint policy on the network path. */
    NETWORK_PATH,
    /** The key policy of the KMS key involved. */
    KMS_KEY_POLICY,
    /** The event does not tell. */
    UNKNOWN
}
