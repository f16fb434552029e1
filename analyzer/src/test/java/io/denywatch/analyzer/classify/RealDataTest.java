package io.denywatch.analyzer.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.denywatch.contract.denial.Category;
import io.denywatch.contract.denial.EnrichedDenial;
import io.denywatch.contract.denial.FixLocation;

/** The classifier on real CloudTrail: the invictus-ir delivery files and the panther-analysis test events. */
class RealDataTest {

    private static final Set<String> INVICTUS_DENIALS = Set.of("AccessDenied", "Client.UnauthorizedOperation");
    private static final Set<String> AUTHORIZATION_CODES = Set.of("AccessDenied", "Client.UnauthorizedOperation",
            "UnauthorizedOperation", "VpceAccessDenied");
    private static final Set<String> TOKEN_ERRORS = Set.of("ExpiredToken", "RequestExpired");

    private static List<JsonNode> invictus;
    private static List<JsonNode> panther;

    private final DenialClassifier classifier = new DenialClassifier();

    @BeforeAll
    static void load() {
        invictus = RealEvents.invictus();
        panther = RealEvents.panther();
    }

    @Test
    void invictusHasSixtyAuthorizationDenialsBy44And16() {
        assertEquals(2900, invictus.size());
        Map<String, Integer> byCode = new TreeMap<>();
        for (JsonNode event : invictus) {
            Optional<EnrichedDenial> denial = classifier.classify(event, null);
            if (denial.isPresent()) {
                assertEquals(Category.AUTHORIZATION, denial.get().category());
                byCode.merge(denial.get().errorCode(), 1, Integer::sum);
            }
        }
        assertEquals(Map.of("AccessDenied", 16, "Client.UnauthorizedOperation", 44), byCode);
    }

    @Test
    void everyInvictusDenialNamesItsActionAndPrincipal() {
        for (EnrichedDenial d : invictusDenials()) {
            assertTrue(ActionNames.looksLikeAction(d.action()), d.action());
            assertEquals(EventFields.text(event(d), "eventSource").replace(".amazonaws.com", ""),
                    d.action().substring(0, d.action().indexOf(':')), d.eventId());
            assertNotNull(d.principal().arn(), d.eventId());
            assertTrue(Arns.isIamUserOrRole(d.principal().identityArn()), d.principal().identityArn());
            assertEquals("123837392027", d.principal().accountId());
            assertFalse(d.principal().crossAccount());
            assertFalse(d.diagnosis().nextSteps().isEmpty(), d.eventId());
        }
    }

    @Test
    void invictusAssumeRoleRefusalsPointAtTheRolesTrustPolicy() {
        List<EnrichedDenial> assumeRole = invictusDenials().stream().filter(d -> "sts:AssumeRole".equals(d.action()))
                .toList();
        assertEquals(13, assumeRole.size());
        for (EnrichedDenial d : assumeRole) {
            assertEquals(FixLocation.TRUST_POLICY, d.diagnosis().fixLocation());
            assertEquals("arn:aws:iam::123837392027:user/bert-jan", d.principal().identityArn());
            assertTrue(Arns.isIamRole(d.resources().get(0)), d.resources().toString());
        }
    }

    @Test
    void invictusEc2DenialsBelongToTheRoleAndOfferToDecodeTheirWholeMessage() {
        List<EnrichedDenial> ec2 = invictusDenials().stream()
                .filter(d -> "Client.UnauthorizedOperation".equals(d.errorCode())).toList();
        assertEquals(44, ec2.size());
        for (EnrichedDenial d : ec2) {
            assertTrue(d.action().equals("ec2:GetPasswordData") || d.action().equals("ec2:DescribeInstanceAttribute"),
                    d.action());
            assertEquals("AssumedRole", d.principal().type());
            assertTrue(d.principal().identityArn().startsWith("arn:aws:iam::123837392027:role/stratus-red-team-"));
            assertNotNull(d.principal().sessionName());
            assertTrue(d.diagnosis().encodedMessage().present());
            assertFalse(d.diagnosis().encodedMessage().truncated());
            assertTrue(d.diagnosis().nextSteps().get(0).startsWith("aws sts decode-authorization-message"));
            assertTrue(d.resources().get(0).startsWith("arn:aws:ec2:us-east-1:123837392027:instance/i-"));
        }
    }

    @Test
    void invictusOtherErrorsAndSuccessesProduceNothing() {
        int otherErrors = 0;
        for (JsonNode event : invictus) {
            String code = EventFields.text(event, "errorCode");
            if (code != null && !isIn(INVICTUS_DENIALS, code)) {
                otherErrors++;
            }
            if (!isIn(INVICTUS_DENIALS, code)) {
                assertTrue(classifier.classify(event, null).isEmpty(), event.toString());
            }
        }
        assertEquals(240, otherErrors);
    }

    @Test
    void pantherDenialRecordsAreAuthorization() {
        int denials = 0;
        for (JsonNode event : panther) {
            if (isIn(AUTHORIZATION_CODES, EventFields.text(event, "errorCode"))) {
                denials++;
                EnrichedDenial d = classifier.classify(event, null).orElseThrow();
                assertEquals(Category.AUTHORIZATION, d.category(), event.toString());
                assertTrue(ActionNames.looksLikeAction(d.action()), d.action());
            }
        }
        assertEquals(38, denials);
    }

    @Test
    void pantherTokenErrorsAndFailedSignInsAreAuthentication() {
        int failures = 0;
        for (JsonNode event : panther) {
            boolean tokenError = isIn(TOKEN_ERRORS, EventFields.text(event, "errorCode"));
            boolean failedSignIn = "Failure".equals(EventFields.text(event, "responseElements", "ConsoleLogin"));
            if (tokenError || failedSignIn) {
                failures++;
                assertEquals(Category.AUTHENTICATION, classifier.classify(event, null).orElseThrow().category(),
                        event.toString());
            }
        }
        assertEquals(10, failures);
    }

    @Test
    void pantherDryRunsAndEveryOtherOutcomeProduceNothing() {
        int dryRuns = 0;
        for (JsonNode event : panther) {
            String code = EventFields.text(event, "errorCode");
            boolean failedSignIn = "Failure".equals(EventFields.text(event, "responseElements", "ConsoleLogin"));
            if ("Client.DryRunOperation".equals(code)) {
                dryRuns++;
            }
            if (!isIn(AUTHORIZATION_CODES, code) && !isIn(TOKEN_ERRORS, code) && !failedSignIn) {
                assertTrue(classifier.classify(event, null).isEmpty(), event.toString());
            }
        }
        assertEquals(2, dryRuns);
    }

    /** {@code Set.of} refuses to be asked about null, and most events have no error code. */
    private static boolean isIn(Set<String> codes, String code) {
        return code != null && codes.contains(code);
    }

    private List<EnrichedDenial> invictusDenials() {
        return invictus.stream().map(e -> classifier.classify(e, null)).flatMap(Optional::stream).toList();
    }

    private static JsonNode event(EnrichedDenial d) {
        return invictus.stream().filter(e -> d.eventId().equals(EventFields.text(e, "eventID"))).findFirst()
                .orElseThrow();
    }
}
