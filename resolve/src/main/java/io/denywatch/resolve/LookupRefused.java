package io.denywatch.resolve;

/**
 * AWS refused a lookup itself: the reader role lacks the permission, or cannot be assumed. Carries the AWS error code
 * and a message for a person; never a credential or a policy document.
 */
public final class LookupRefused extends RuntimeException {

    private final String errorCode;

    public LookupRefused(String errorCode, String message) {
        super(message);
        this.errorCode = errorCode;
    }

    /** AWS's error code, e.g. {@code AccessDenied}. */
    public String errorCode() {
        return errorCode;
    }
}
