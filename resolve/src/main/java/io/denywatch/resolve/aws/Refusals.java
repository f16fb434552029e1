package io.denywatch.resolve.aws;

import java.util.Set;
import java.util.function.Supplier;

import io.denywatch.resolve.LookupRefused;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Tells AWS refusing a lookup (the reader lacks a permission, or cannot assume the reader role) from other failures,
 * and turns the refusal into {@link LookupRefused}. Only the error code and AWS's message travel on: the message
 * names the caller and the action, never a credential or a document.
 */
final class Refusals {

    /**
     * Codes AWS refuses a caller with. IAM and STS answer {@code AccessDenied} (403); Organizations answers
     * {@code AccessDeniedException}; a role that cannot be assumed also shows as {@code AccessDenied} from STS
     * (<a href="https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html">common errors</a>).
     */
    private static final Set<String> CODES = Set.of("AccessDenied", "AccessDeniedException", "UnauthorizedOperation",
            "UnrecognizedClientException", "InvalidClientTokenId", "ExpiredToken", "ExpiredTokenException",
            "SignatureDoesNotMatch", "AccessDeniedForDependencyException");

    private Refusals() {
    }

    /** Runs one lookup, rethrowing AWS's refusal as {@link LookupRefused}. */
    static <T> T translate(String operation, Supplier<T> lookup) {
        try {
            return lookup.get();
        } catch (SdkException e) {
            AwsServiceException refusal = refusal(e);
            if (refusal != null) {
                String code = refusal.awsErrorDetails().errorCode();
                throw new LookupRefused(code, operation + " refused: " + code + ": "
                        + refusal.awsErrorDetails().errorMessage());
            }
            throw e;
        }
    }

    /** The refusal in the chain: the credentials provider's AssumeRole may fail inside another call. */
    private static AwsServiceException refusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AwsServiceException aws && aws.awsErrorDetails() != null
                    && (aws.statusCode() == 403 || CODES.contains(aws.awsErrorDetails().errorCode()))) {
                return aws;
            }
        }
        return null;
    }
}
