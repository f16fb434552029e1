package io.denywatch.contract.denial;

/** The kind of policy the error message blames, as AWS names it. */
public enum PolicyType {
    IDENTITY_BASED,
    RESOURCE_BASED,
    PERMISSIONS_BOUNDARY,
    SESSION_POLICY,
    SERVICE_CONTROL_POLICY,
    RESOURCE_CONTROL_POLICY,
    VPC_ENDPOINT_POLICY,
    ROLE_TRUST_POLICY,
    /** The message names no policy type. */
    UNKNOWN
}
