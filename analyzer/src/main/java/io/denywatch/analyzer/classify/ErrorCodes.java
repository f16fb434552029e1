package io.denywatch.analyzer.classify;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

import io.denywatch.common.config.Config;

/**
 * Tells denials from every other error: which CloudTrail {@code errorCode} values are authorization denials, which
 * are authentication failures, and which are neither.
 *
 * <p>Three configurable lists decide, checked in this order: codes that are never a denial (a dry run that would have
 * succeeded, S3's disabled-account codes), authentication codes, then authorization codes. Anything in no list is
 * not a denial: throttling, not-found and validation errors, and odd values such as {@code "200"} fall through.
 *
 * <p>EC2 writes its codes with a {@code Client.} prefix ({@code Client.UnauthorizedOperation}); a code matches an
 * entry with or without that prefix, so {@code RequestExpired} also covers {@code Client.RequestExpired}.
 *
 * <p>A console sign-in failure carries no error code at all; {@link #classify(JsonNode)} recognises it by
 * {@code responseElements.ConsoleLogin = "Failure"} and counts it as an authentication failure.
 */
public final class ErrorCodes {

    /** Authorization denials (domain.md §4), including the CIS "unauthorized API calls" patterns. */
    public static final String DEFAULT_AUTHORIZATION_CODES = "AccessDenied,AccessDeniedException,"
            + "Client.UnauthorizedOperation,UnauthorizedOperation,VpceAccessDenied,AuthorizationError,"
            + "AccessDenied*,*UnauthorizedOperation";

    /** Authentication failures (domain.md §4); EC2's ambiguous {@code AuthFailure} counts here. */
    public static final String DEFAULT_AUTHENTICATION_CODES = "InvalidClientTokenId,UnrecognizedClientException,"
            + "ExpiredToken,ExpiredTokenException,RequestExpired,IncompleteSignature,MissingAuthenticationToken,"
            + "InvalidAccessKeyId,SignatureDoesNotMatch,InvalidToken,RequestTimeTooSkewed,AuthFailure,Client.AuthFailure";

    /**
     * Codes that are never denials, even where a pattern above would match: a dry run that would have succeeded,
     * and S3's codes for a disabled or troubled account.
     */
    public static final String DEFAULT_IGNORED_CODES =
            "Client.DryRunOperation,DryRunOperation,AllAccessDisabled,AccountProblem";

    private static final String EC2_PREFIX = "Client.";
    private static final ErrorCodes DEFAULTS = new ErrorCodes(DEFAULT_AUTHORIZATION_CODES,
            DEFAULT_AUTHENTICATION_CODES, DEFAULT_IGNORED_CODES);

    private final CodeList authorization;
    private final CodeList authentication;
    private final CodeList ignored;

    /**
     * Lists written as in configuration: comma-separated, {@code *} allowed at the start or end of an entry.
     *
     * @throws IllegalArgumentException when an entry is malformed
     */
    public ErrorCodes(String authorizationCodes, String authenticationCodes, String ignoredCodes) {
        this(CodeList.parse(authorizationCodes), CodeList.parse(authenticationCodes), CodeList.parse(ignoredCodes));
    }

    /**
     * Lists of entries, {@code *} allowed at the start or end of an entry.
     *
     * @throws IllegalArgumentException when an entry is malformed
     */
    public ErrorCodes(List<String> authorizationCodes, List<String> authenticationCodes, List<String> ignoredCodes) {
        this(CodeList.of(authorizationCodes), CodeList.of(authenticationCodes), CodeList.of(ignoredCodes));
    }

    private ErrorCodes(CodeList authorization, CodeList authentication, CodeList ignored) {
        this.authorization = authorization;
        this.authentication = authentication;
        this.ignored = ignored;
    }

    /** The documented defaults. */
    public static ErrorCodes defaults() {
        return DEFAULTS;
    }

    /** The lists configured by {@link ClassifierSettings}. */
    public static ErrorCodes from(Config config) {
        return new ErrorCodes(config.get(ClassifierSettings.AUTHORIZATION_CODES),
                config.get(ClassifierSettings.AUTHENTICATION_CODES), config.get(ClassifierSettings.IGNORED_CODES));
    }

    /** Classifies one error code; null or empty is not a denial. */
    public ErrorClass classify(String errorCode) {
        if (errorCode == null || errorCode.isEmpty()) {
            return ErrorClass.NOT_A_DENIAL;
        }
        String bare = errorCode.startsWith(EC2_PREFIX) ? errorCode.substring(EC2_PREFIX.length()) : null;
        if (matches(ignored, errorCode, bare)) {
            return ErrorClass.NOT_A_DENIAL;
        }
        if (matches(authentication, errorCode, bare)) {
            return ErrorClass.AUTHENTICATION;
        }
        if (matches(authorization, errorCode, bare)) {
            return ErrorClass.AUTHORIZATION;
        }
        return ErrorClass.NOT_A_DENIAL;
    }

    /**
     * Classifies a whole CloudTrail event: its {@code errorCode}, or, when it has none, a failed console sign-in.
     */
    public ErrorClass classify(JsonNode event) {
        Objects.requireNonNull(event, "event");
        String errorCode = EventFields.text(event, "errorCode");
        if (errorCode != null && !errorCode.isEmpty()) {
            return classify(errorCode);
        }
        return isFailedConsoleSignIn(event) ? ErrorClass.AUTHENTICATION : ErrorClass.NOT_A_DENIAL;
    }

    /** {@code bare} is the code without EC2's prefix, or null when it had none. */
    private static boolean matches(CodeList list, String code, String bare) {
        return list.matches(code) || (bare != null && list.matches(bare));
    }

    /**
     * A console sign-in that failed: {@code responseElements.ConsoleLogin} is {@code Failure}, or a
     * {@code ConsoleLogin} event says {@code Failed authentication}.
     */
    static boolean isFailedConsoleSignIn(JsonNode event) {
        JsonNode response = event.get("responseElements");
        if (response != null && "Failure".equals(EventFields.text(response, "ConsoleLogin"))) {
            return true;
        }
        return "ConsoleLogin".equals(EventFields.text(event, "eventName"))
                && "Failed authentication".equals(EventFields.text(event, "errorMessage"));
    }
}
