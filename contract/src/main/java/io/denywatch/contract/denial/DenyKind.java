package io.denywatch.contract.denial;

/** Whether a policy said no (explicit) or nothing said yes (implicit). */
public enum DenyKind {
    /** A Deny statement matched the request. */
    EXPLICIT,
    /** No statement allowed the request. */
    IMPLICIT,
    /** The message does not say, or its word cannot be trusted (service control policies). */
    UNKNOWN
}
