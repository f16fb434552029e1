package io.denywatch.analyzer.classify;

/** Advice for an authentication failure, by error code (without EC2's {@code Client.} prefix). */
final class AuthenticationAdvice {

    static final String CONSOLE_SIGN_IN = "A console sign-in failed (wrong password or MFA code, or an unknown user);"
            + " many failures for one user or from many addresses suggest password guessing.";

    private AuthenticationAdvice() {
    }

    /** Advice for a code; {@code null} means a console sign-in failure, which has no code. */
    static String forCode(String bareCode) {
        if (bareCode == null) {
            return CONSOLE_SIGN_IN;
        }
        switch (bareCode) {
            case "ExpiredToken":
            case "ExpiredTokenException":
                return "The temporary credentials had expired; the caller has to refresh them (assume the role again,"
                        + " renew the SSO login), and long-running code should use a credentials provider that"
                        + " refreshes by itself.";
            case "RequestExpired":
                return "The request was signed too long before it reached AWS, or a presigned URL was used after it"
                        + " expired; check the caller's clock and how long its requests or URLs wait before use.";
            case "RequestTimeTooSkewed":
                return "The caller's clock is too far from AWS time for a signed request to be accepted; synchronise"
                        + " the clock (NTP) of the host or container that made the call.";
            case "InvalidClientTokenId":
            case "UnrecognizedClientException":
            case "InvalidAccessKeyId":
                return "AWS does not know the access key in the request: deleted, deactivated, from another partition,"
                        + " or a session token used in a Region that does not accept it; find which credentials the"
                        + " caller loads and replace them.";
            case "SignatureDoesNotMatch":
                return "The request signature did not match: the secret key does not belong to the access key, or"
                        + " something changed the request after it was signed; check the caller's secret and any"
                        + " proxy in between.";
            case "IncompleteSignature":
            case "MissingAuthenticationToken":
                return "The request was not signed completely, or went to an endpoint that expected a signature;"
                        + " check the client's signing setup and the URL it calls.";
            case "InvalidToken":
                return "The session token in the request is malformed or not valid; the caller has to obtain fresh"
                        + " temporary credentials.";
            case "AuthFailure":
                return "EC2 could not validate the credentials of the request; check the access key, secret key and"
                        + " session token the caller uses.";
            default:
                return "AWS did not accept the caller's credentials; check which credentials the failing code loads"
                        + " and whether they are still valid.";
        }
    }
}
