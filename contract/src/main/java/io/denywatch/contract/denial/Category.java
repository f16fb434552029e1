package io.denywatch.contract.denial;

/** Which kind of refusal an event records. */
public enum Category {
    /** The caller was known, but not allowed to do this: the product's subject. */
    AUTHORIZATION,
    /** AWS could not tell who the caller was (bad, expired or unsigned credentials, failed sign-in); tracked apart. */
    AUTHENTICATION
}
