package io.denywatch.analyzer.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import io.denywatch.common.config.Config;
import io.denywatch.common.config.ConfigException;

class ErrorCodesTest {

    private final ErrorCodes codes = ErrorCodes.defaults();

    @ParameterizedTest
    @ValueSource(strings = {"AccessDenied", "AccessDeniedException", "Client.UnauthorizedOperation",
        "UnauthorizedOperation", "VpceAccessDenied", "AuthorizationError"})
    void documentedAuthorizationCodesAreDenials(String code) {
        assertEquals(ErrorClass.AUTHORIZATION, codes.classify(code));
    }

    @ParameterizedTest
    @ValueSource(strings = {"AccessDeniedForThisRequest", "Server.UnauthorizedOperation",
        "SomeServiceUnauthorizedOperation"})
    void cisPatternsCatchCodesNotListedByName(String code) {
        assertEquals(ErrorClass.AUTHORIZATION, codes.classify(code));
    }

    @ParameterizedTest
    @ValueSource(strings = {"InvalidClientTokenId", "UnrecognizedClientException", "ExpiredToken",
        "ExpiredTokenException", "RequestExpired", "IncompleteSignature", "MissingAuthenticationToken",
        "InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidToken", "RequestTimeTooSkewed", "AuthFailure",
        "Client.AuthFailure", "Client.RequestExpired"})
    void documentedAuthenticationCodesAreAuthenticationFailures(String code) {
        assertEquals(ErrorClass.AUTHENTICATION, codes.classify(code));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Client.DryRunOperation", "DryRunOperation", "AllAccessDisabled", "AccountProblem"})
    void dryRunAndDisabledAccountCodesAreNeverDenials(String code) {
        assertEquals(ErrorClass.NOT_A_DENIAL, codes.classify(code));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ThrottlingException", "Throttling", "RequestLimitExceeded", "NoSuchBucketPolicy",
        "Client.InvalidRouteTableID.NotFound", "ResourceNotFoundException", "ValidationError", "200",
        "CloudTrailInvalidClientTokenIdException", "InternalError"})
    void otherErrorsAreNotDenials(String code) {
        assertEquals(ErrorClass.NOT_A_DENIAL, codes.classify(code));
    }

    @ParameterizedTest
    @NullAndEmptySource
    void noErrorCodeIsNotADenial(String code) {
        assertEquals(ErrorClass.NOT_A_DENIAL, codes.classify(code));
    }

    @Test
    void matchingIsCaseSensitiveLikeCloudWatchFilters() {
        assertEquals(ErrorClass.NOT_A_DENIAL, codes.classify("accessdenied"));
        assertEquals(ErrorClass.NOT_A_DENIAL, codes.classify("expiredtoken"));
    }

    @Test
    void theIgnoredListWinsOverAMatchingPattern() {
        ErrorCodes custom = new ErrorCodes("AccessDenied*", "", "AccessDeniedButHarmless");
        assertEquals(ErrorClass.NOT_A_DENIAL, custom.classify("AccessDeniedButHarmless"));
        assertEquals(ErrorClass.AUTHORIZATION, custom.classify("AccessDeniedOther"));
    }

    @Test
    void listsComeFromConfiguration() {
        Config config = Config.of(Map.of("analyzer.authorization-codes", "Forbidden, *NotPermitted",
                "analyzer.authentication-codes", "BadCredentials"));
        ErrorCodes configured = ErrorCodes.from(config);
        assertEquals(ErrorClass.AUTHORIZATION, configured.classify("Forbidden"));
        assertEquals(ErrorClass.AUTHORIZATION, configured.classify("ActionNotPermitted"));
        assertEquals(ErrorClass.AUTHENTICATION, configured.classify("BadCredentials"));
        assertEquals(ErrorClass.NOT_A_DENIAL, configured.classify("AccessDenied"));
        assertEquals(ErrorClass.NOT_A_DENIAL, configured.classify("Client.DryRunOperation"));
    }

    @Test
    void unconfiguredListsAreTheDocumentedDefaults() {
        Config empty = Config.of(Map.of());
        assertEquals(ErrorCodes.DEFAULT_AUTHORIZATION_CODES, empty.get(ClassifierSettings.AUTHORIZATION_CODES));
        assertEquals(ErrorCodes.DEFAULT_AUTHENTICATION_CODES, empty.get(ClassifierSettings.AUTHENTICATION_CODES));
        assertEquals(ErrorCodes.DEFAULT_IGNORED_CODES, empty.get(ClassifierSettings.IGNORED_CODES));
        ErrorCodes configured = ErrorCodes.from(empty);
        for (String code : List.of("AccessDenied", "Client.UnauthorizedOperation", "AccessDeniedX", "ExpiredToken",
                "Client.DryRunOperation", "ThrottlingException")) {
            assertEquals(codes.classify(code), configured.classify(code), code);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Access*Denied", "*", "**", "Access Denied"})
    void aMalformedEntryIsRefusedNamingTheSetting(String entry) {
        Config config = Config.of(Map.of("analyzer.authorization-codes", "AccessDenied," + entry));
        ConfigException e = assertThrows(ConfigException.class, () -> config.validate(ClassifierSettings.ALL));
        assertTrue(e.getMessage().contains("analyzer.authorization-codes"), e.getMessage());
    }

    @Test
    void theListConstructorTakesTheSameEntries() {
        ErrorCodes fromLists = new ErrorCodes(List.of("AccessDenied*"), List.of("ExpiredToken"), List.of());
        assertEquals(ErrorClass.AUTHORIZATION, fromLists.classify("AccessDeniedException"));
        assertEquals(ErrorClass.AUTHENTICATION, fromLists.classify("ExpiredToken"));
        assertEquals(ErrorClass.NOT_A_DENIAL, fromLists.classify("Client.UnauthorizedOperation"));
    }

    @Test
    void aFailedConsoleSignInWithoutErrorCodeIsAnAuthenticationFailure() {
        Events signIn = Events.succeeded("signin.amazonaws.com", "ConsoleLogin").set("eventType", "AwsConsoleSignIn")
                .set("errorMessage", "Failed authentication");
        assertEquals(ErrorClass.AUTHENTICATION, codes.classify(signIn.response("ConsoleLogin", "Failure").json()));
    }

    @Test
    void aFailedConsoleSignInIsRecognisedByItsMessageAlone() {
        Events signIn = Events.succeeded("signin.amazonaws.com", "ConsoleLogin")
                .set("errorMessage", "Failed authentication");
        assertEquals(ErrorClass.AUTHENTICATION, codes.classify(signIn.json()));
    }

    @Test
    void aSuccessfulConsoleSignInIsNotADenial() {
        Events signIn = Events.succeeded("signin.amazonaws.com", "ConsoleLogin");
        assertEquals(ErrorClass.NOT_A_DENIAL, codes.classify(signIn.response("ConsoleLogin", "Success").json()));
    }

    @Test
    void anEventsErrorCodeDecides() {
        assertEquals(ErrorClass.AUTHORIZATION, codes.classify(Events.denied("AccessDenied", "x").json()));
        assertEquals(ErrorClass.NOT_A_DENIAL,
                codes.classify(Events.denied("Client.DryRunOperation", "Request would have succeeded").json()));
    }
}
