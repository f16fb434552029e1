package io.denywatch.resolve.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.denywatch.contract.denial.PolicyType;
import io.denywatch.embedded.AwsQueryEndpoint.Evaluation;
import io.denywatch.embedded.AwsQueryEndpoint.Matched;
import io.denywatch.embedded.AwsQueryEndpoint.Position;
import io.denywatch.embedded.MotoServer;
import io.denywatch.resolve.LookupRefused;
import io.denywatch.resolve.PolicySource.MatchedStatement;
import io.denywatch.resolve.PolicySource.Simulation;
import io.denywatch.resolve.PolicyText;
import io.denywatch.resolve.PrincipalPolicies;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.organizations.OrganizationsClient;

/**
 * {@link AwsPolicySource} against a real moto_server through the real SDK clients: it reads back exactly the
 * documents laid out in {@link ExampleAccounts}. What moto lacks (DecodeAuthorizationMessage, SimulatePrincipalPolicy)
 * is answered by the endpoint in front of it.
 */
class AwsPolicySourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static MotoLookups lookups;
    private static ExampleAccounts accounts;
    private static AwsPolicySource source;

    @BeforeAll
    static void layOut() {
        lookups = MotoLookups.start();
        try (IamClient iam = lookups.iam(MotoServer.credentials());
             OrganizationsClient organizations = lookups.organizations(MotoServer.credentials())) {
            accounts = ExampleAccounts.create(iam, organizations);
        }
        source = lookups.source(null, null);
    }

    @AfterAll
    static void stop() {
        if (source != null) {
            source.close();
        }
        if (lookups != null) {
            lookups.close();
        }
    }

    @Test
    void readsTheDefaultVersionOfACustomerManagedPolicy() {
        PolicyText policy = source.managedPolicy(accounts.uploaderWritesArn).orElseThrow();
        assertEquals(new PolicyText(accounts.uploaderWritesArn, "uploader-writes", PolicyType.IDENTITY_BASED,
                policy.document()), policy);
        assertSameJson(ExampleAccounts.UPLOADER_WRITES, policy.document());
    }

    @Test
    void readsANewDefaultVersionRatherThanTheFirst() {
        String arn;
        String second = ExampleAccounts.BOUNDARY.replace("s3:ListBucket", "s3:GetBucketLocation");
        try (IamClient iam = lookups.iam(MotoServer.credentials())) {
            arn = iam.createPolicy(r -> r.policyName("versioned").policyDocument(ExampleAccounts.BOUNDARY))
                    .policy().arn();
            iam.createPolicyVersion(r -> r.policyArn(arn).policyDocument(second).setAsDefault(true));
        }
        assertSameJson(second, source.managedPolicy(arn).orElseThrow().document());
    }

    @Test
    void readsAnAwsManagedPolicyAsIamHasIt() {
        String arn = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess";
        String expected;
        try (IamClient iam = lookups.iam(MotoServer.credentials())) {
            String version = iam.getPolicy(r -> r.policyArn(arn)).policy().defaultVersionId();
            expected = iam.getPolicyVersion(r -> r.policyArn(arn).versionId(version)).policyVersion().document();
        }
        PolicyText policy = source.managedPolicy(arn).orElseThrow();
        assertEquals("AmazonS3ReadOnlyAccess", policy.name());
        assertSameJson(URLDecoder.decode(expected, StandardCharsets.UTF_8), policy.document());
        assertTrue(policy.document().contains("s3:Get"), "the document, decoded");
    }

    @Test
    void aPolicyIamDoesNotKnowIsEmpty() {
        assertEquals(Optional.empty(),
                source.managedPolicy("arn:aws:iam::" + ExampleAccounts.ACCOUNT + ":policy/no-such-policy"));
    }

    @Test
    void readsARolesAttachedAndInlinePoliciesAndNoBoundaryWhenItHasNone() {
        PrincipalPolicies policies = source.principalPolicies(accounts.uploaderArn);
        assertEquals(accounts.uploaderArn, policies.principalArn());
        assertPolicies(List.of(
                expected(accounts.uploaderWritesArn, "uploader-writes", PolicyType.IDENTITY_BASED,
                        ExampleAccounts.UPLOADER_WRITES),
                expected(accounts.uploaderArn + "#guardrails", "guardrails", PolicyType.IDENTITY_BASED,
                        ExampleAccounts.UPLOADER_GUARDRAILS)), policies.identity());
        assertNull(policies.boundary());
    }

    @Test
    void readsARolesPermissionsBoundary() {
        PrincipalPolicies policies = source.principalPolicies(accounts.boundedArn);
        assertPolicies(List.of(expected(accounts.boundedAdminArn, "bounded-admin", PolicyType.IDENTITY_BASED,
                ExampleAccounts.BOUNDED_ADMIN)), policies.identity());
        assertPolicies(List.of(expected(accounts.boundaryArn, "read-only-boundary", PolicyType.PERMISSIONS_BOUNDARY,
                ExampleAccounts.BOUNDARY)), List.of(policies.boundary()));
    }

    @Test
    void anAssumedRoleSessionStandsForItsRole() {
        String session = "arn:aws:sts::" + ExampleAccounts.ACCOUNT + ":assumed-role/bounded/ci-run-17";
        PrincipalPolicies policies = source.principalPolicies(session);
        assertEquals(accounts.boundedArn, policies.principalArn());
        assertEquals(accounts.boundaryArn, policies.boundary().arn());
        assertSameJson(ExampleAccounts.BOUNDARY, policies.boundary().document());
    }

    @Test
    void readsAUsersPoliciesAndItsGroupsPolicies() {
        PrincipalPolicies policies = source.principalPolicies(accounts.aliceArn);
        assertPolicies(List.of(
                expected(accounts.aliceManagedArn, "alice-queue", PolicyType.IDENTITY_BASED,
                        ExampleAccounts.ALICE_MANAGED),
                expected(accounts.aliceArn + "#alice-topics", "alice-topics", PolicyType.IDENTITY_BASED,
                        ExampleAccounts.ALICE_INLINE),
                expected(accounts.developersManagedArn, "developers-describe", PolicyType.IDENTITY_BASED,
                        ExampleAccounts.DEVELOPERS_MANAGED),
                expected(accounts.developersArn + "#developers-tags", "developers-tags", PolicyType.IDENTITY_BASED,
                        ExampleAccounts.DEVELOPERS_INLINE)), policies.identity());
        assertNull(policies.boundary());
    }

    @Test
    void pagesThroughEveryAttachedPolicy() {
        // IAM lists 100 a page by default; moto pages ListAttachedRolePolicies the same way.
        int attached = 101;
        try (IamClient iam = lookups.iam(MotoServer.credentials())) {
            iam.createRole(r -> r.roleName("many").assumeRolePolicyDocument(ExampleAccounts.TRUST));
            for (int i = 0; i < attached; i++) {
                String name = "many-" + i;
                String arn = iam.createPolicy(r -> r.policyName(name)
                        .policyDocument(ExampleAccounts.ALICE_INLINE)).policy().arn();
                iam.attachRolePolicy(r -> r.roleName("many").policyArn(arn));
            }
        }
        PrincipalPolicies policies = source.principalPolicies("arn:aws:iam::" + ExampleAccounts.ACCOUNT + ":role/many");
        assertEquals(attached, policies.identity().size());
        List<Map<String, String>> pages = lookups.endpoint().forwarded().stream()
                .filter(f -> "ListAttachedRolePolicies".equals(f.get("Action")) && "many".equals(f.get("RoleName")))
                .toList();
        assertEquals(2, pages.size(), "two pages");
        assertTrue(pages.get(1).containsKey("Marker"), "the second page asked from the first one's marker");
    }

    @Test
    void readsAServiceControlPolicyByArn() {
        PolicyText scp = source.organizationPolicy(accounts.scpArn).orElseThrow();
        assertEquals(accounts.scpArn, scp.arn());
        assertEquals("deny-prod-object-writes", scp.name());
        assertEquals(PolicyType.SERVICE_CONTROL_POLICY, scp.type());
        assertSameJson(ExampleAccounts.SCP, scp.document());
    }

    @Test
    void readsAResourceControlPolicyByArn() {
        PolicyText rcp = source.organizationPolicy(accounts.rcpArn).orElseThrow();
        assertEquals(PolicyType.RESOURCE_CONTROL_POLICY, rcp.type());
        assertSameJson(ExampleAccounts.RCP, rcp.document());
    }

    @Test
    void theServiceControlPoliciesOfAnAccountAreItsOusAndTheRootsUpToTheTop() {
        List<PolicyText> scps = source.organizationPolicies(accounts.prodAccountId, PolicyType.SERVICE_CONTROL_POLICY);
        Map<String, String> byName = scps.stream().collect(Collectors.toMap(PolicyText::name, PolicyText::document));
        assertEquals(Set.of("deny-prod-object-writes", "FullAWSAccess"), byName.keySet(),
                "the OU's SCP and the root's (moto attaches FullAWSAccess to the root)");
        assertSameJson(ExampleAccounts.SCP, byName.get("deny-prod-object-writes"));
        assertTrue(scps.stream().allMatch(p -> p.type() == PolicyType.SERVICE_CONTROL_POLICY));
        assertEquals(scps.size(), scps.stream().map(PolicyText::arn).distinct().count(), "each policy once");
    }

    @Test
    void theResourceControlPoliciesOfAnAccountIncludeTheOneAttachedToItDirectly() {
        List<PolicyText> rcps = source.organizationPolicies(accounts.prodAccountId,
                PolicyType.RESOURCE_CONTROL_POLICY);
        Map<String, String> byName = rcps.stream().collect(Collectors.toMap(PolicyText::name, PolicyText::document));
        assertTrue(byName.containsKey("https-only"), byName.keySet().toString());
        assertSameJson(ExampleAccounts.RCP, byName.get("https-only"));
        assertTrue(rcps.stream().allMatch(p -> p.type() == PolicyType.RESOURCE_CONTROL_POLICY));
        assertTrue(byName.keySet().stream().noneMatch(n -> n.equals("deny-prod-object-writes")));
    }

    @Test
    void decodesAnAuthorizationMessageThroughSts() {
        String decoded = "{\"allowed\":false,\"explicitDeny\":false,\"context\":{\"action\":\"s3:PutObject\"}}";
        lookups.endpoint().decodes("encoded-message-1", decoded);
        assertEquals(Optional.of(decoded), source.decode("encoded-message-1", null));
        assertEquals("encoded-message-1",
                lastServed("DecodeAuthorizationMessage").get("EncodedMessage"));
    }

    @Test
    void aMessageCutShortDecodesToNothing() {
        String whole = "whole-encoded-message-" + "x".repeat(64);
        lookups.endpoint().decodes(whole, "{}");
        assertEquals(Optional.empty(), source.decode(whole.substring(0, 40), null));
    }

    @Test
    void simulatesWithTypedContextAndCutsTheMatchedStatementsOutOfThePrincipalsPolicies() {
        String object = "arn:aws:s3:::prod-uploads/report.csv";
        String guardrail = statement(ExampleAccounts.UPLOADER_GUARDRAILS, "\"Sid\": \"NoAclChanges\"");
        String writes = statement(ExampleAccounts.UPLOADER_WRITES, "\"Sid\": \"WriteUploads\"");
        lookups.endpoint().simulates(accounts.uploaderArn, "s3:PutObject", List.of(
                new Evaluation("s3:PutObject", object, "explicitDeny", List.of(
                        matched("guardrails", "role", ExampleAccounts.UPLOADER_GUARDRAILS, guardrail),
                        matched("uploader-writes", "user-managed", ExampleAccounts.UPLOADER_WRITES, writes),
                        new Matched("somewhere-else", "resource", null, null)),
                        List.of("aws:SourceVpce")),
                new Evaluation("s3:PutObject", "arn:aws:s3:::prod-uploads/other.csv", "allowed", List.of(),
                        List.of("aws:SourceVpce", "s3:x-amz-acl"))));
        Map<String, String> context = new LinkedHashMap<>();
        context.put("aws:SourceIp", "203.0.113.7");
        context.put("aws:MultiFactorAuthPresent", "false");
        context.put("aws:CurrentTime", "2026-12-07T10:00:00Z");
        context.put("aws:MultiFactorAuthAge", "3600");
        context.put("aws:RequestedRegion", "eu-west-1");
        Simulation simulation = source.simulate(accounts.uploaderArn, "s3:PutObject",
                List.of(object, "arn:aws:s3:::prod-uploads/other.csv"), context);

        assertEquals("explicitDeny", simulation.decision(), "a deny for one resource refuses the call");
        // Named by the policies' ARNs where they could be told, by the simulator's id where not.
        assertEquals(List.of(
                new MatchedStatement(accounts.uploaderArn + "#guardrails", "role", guardrail),
                new MatchedStatement(accounts.uploaderWritesArn, "user-managed", writes),
                new MatchedStatement("somewhere-else", "resource", null)), simulation.matchedStatements());
        assertEquals(List.of("aws:SourceVpce", "s3:x-amz-acl"), simulation.missingContext());

        Map<String, String> form = lastServed("SimulatePrincipalPolicy");
        assertEquals(accounts.uploaderArn, form.get("PolicySourceArn"));
        assertEquals("s3:PutObject", form.get("ActionNames.member.1"));
        assertEquals(object, form.get("ResourceArns.member.1"));
        Map<String, String> types = new TreeMap<>();
        for (int i = 1; form.containsKey("ContextEntries.member." + i + ".ContextKeyName"); i++) {
            String prefix = "ContextEntries.member." + i + ".";
            types.put(form.get(prefix + "ContextKeyName"), form.get(prefix + "ContextKeyType") + " "
                    + form.get(prefix + "ContextKeyValues.member.1"));
        }
        assertEquals(Map.of(
                "aws:SourceIp", "ip 203.0.113.7",
                "aws:MultiFactorAuthPresent", "boolean false",
                "aws:CurrentTime", "date 2026-12-07T10:00:00Z",
                "aws:MultiFactorAuthAge", "numeric 3600",
                "aws:RequestedRegion", "string eu-west-1"), types);
    }

    @Test
    void aRoleSessionIsSimulatedAsItsRoleWithItsPath() {
        lookups.endpoint().simulates(accounts.uploaderArn, "s3:DeleteObject", List.of(new Evaluation(
                "s3:DeleteObject", "*", "explicitDeny", List.of(), List.of())));
        String session = "arn:aws:sts::" + ExampleAccounts.ACCOUNT + ":assumed-role/uploader/batch-7";
        assertEquals("explicitDeny", source.simulate(session, "s3:DeleteObject", List.of(), Map.of()).decision());
        assertTrue(accounts.uploaderArn.endsWith(":role/app/uploader"), accounts.uploaderArn);
        assertEquals(accounts.uploaderArn, lastServed("SimulatePrincipalPolicy").get("PolicySourceArn"));
    }

    @Test
    void aPrincipalTheSimulatorDoesNotKnowIsNotAnAllow() {
        // The endpoint answers NoSuchEntity, as IAM does for a principal it does not know.
        String unknown = "arn:aws:iam::" + ExampleAccounts.ACCOUNT + ":role/gone";
        assertThrows(software.amazon.awssdk.services.iam.model.NoSuchEntityException.class,
                () -> source.simulate(unknown, "s3:GetObject", List.of(), Map.of()));
    }

    @Test
    void anIamRefusalIsALookupRefusedWithItsCode() {
        String message = "User: arn:aws:sts::123456789012:assumed-role/reader/denywatch-resolve is not authorized to "
                + "perform: iam:GetPolicy on resource: policy " + accounts.uploaderWritesArn;
        lookups.endpoint().refuses("GetPolicy", "AccessDenied", message);
        try {
            LookupRefused refused = assertThrows(LookupRefused.class,
                    () -> source.managedPolicy(accounts.uploaderWritesArn));
            assertEquals("AccessDenied", refused.errorCode());
            assertTrue(refused.getMessage().startsWith("iam:GetPolicy refused: AccessDenied: User: "),
                    refused.getMessage());
            refused = assertThrows(LookupRefused.class, () -> source.principalPolicies(accounts.uploaderArn));
            assertEquals("AccessDenied", refused.errorCode());
        } finally {
            lookups.endpoint().stopRefusing("GetPolicy");
        }
        assertTrue(source.managedPolicy(accounts.uploaderWritesArn).isPresent(), "read again once allowed");
    }

    @Test
    void anStsRefusalToDecodeIsALookupRefusedNotAnEmptyAnswer() {
        lookups.endpoint().refuses("DecodeAuthorizationMessage", "AccessDenied",
                "not authorized to perform: sts:DecodeAuthorizationMessage");
        try {
            LookupRefused refused = assertThrows(LookupRefused.class, () -> source.decode("anything", null));
            assertEquals("AccessDenied", refused.errorCode());
        } finally {
            lookups.endpoint().stopRefusing("DecodeAuthorizationMessage");
        }
    }

    @Test
    void theWalkUpTheOrganizationNeverAsksForTheRootsParents() {
        long before = listParentsCalls();
        source.organizationPolicies(accounts.prodAccountId, PolicyType.SERVICE_CONTROL_POLICY);
        // The account's parent (its OU), then the OU's (the root); AWS refuses a root as ListParents' child.
        assertEquals(2, listParentsCalls() - before);
    }

    private static long listParentsCalls() {
        return lookups.endpoint().forwarded().stream().filter(f -> "ListParents".equals(f.get("Action"))).count();
    }

    @Test
    void everyLookupReachesTheEndpointTheStandardPropertyNames() {
        source.managedPolicy(accounts.uploaderWritesArn);
        source.organizationPolicies(accounts.prodAccountId, PolicyType.SERVICE_CONTROL_POLICY);
        Set<String> forwarded = new TreeSet<>();
        lookups.endpoint().forwarded().forEach(f -> forwarded.add(f.get("Action")));
        assertTrue(forwarded.containsAll(Set.of("GetPolicy", "GetPolicyVersion", "ListPoliciesForTarget",
                "ListParents", "DescribePolicy")), "IAM (query) and Organizations (JSON) calls: " + forwarded);
    }

    private static Map<String, String> lastServed(String action) {
        List<Map<String, String>> served = lookups.endpoint().served(action);
        assertTrue(!served.isEmpty(), action + " reached the endpoint");
        return served.get(served.size() - 1);
    }

    /** The statement object that contains {@code marker}, as written in the document. */
    static String statement(String document, String marker) {
        int at = document.indexOf(marker);
        int open = document.lastIndexOf('{', at);
        int close = document.indexOf('}', at);
        // The statements here nest one object at most (Condition): close after it.
        while (document.substring(open, close + 1).chars().filter(c -> c == '{').count()
                > document.substring(open, close + 1).chars().filter(c -> c == '}').count()) {
            close = document.indexOf('}', close + 1);
        }
        return document.substring(open, close + 1);
    }

    /** Where the simulator would put {@code statement} in {@code document}: lines and columns from 1. */
    static Matched matched(String policyId, String type, String document, String statement) {
        int start = document.indexOf(statement);
        return new Matched(policyId, type, position(document, start), position(document, start + statement.length() - 1));
    }

    private static Position position(String document, int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (document.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new Position(line, offset - lineStart + 1);
    }

    private static PolicyText expected(String arn, String name, PolicyType type, String document) {
        return new PolicyText(arn, name, type, document);
    }

    /** Same ARN, name and type, and the same document as JSON. */
    private static void assertPolicies(List<PolicyText> expected, List<PolicyText> actual) {
        assertEquals(expected.stream().map(p -> p.arn() + " " + p.name() + " " + p.type()).toList(),
                actual.stream().map(p -> p.arn() + " " + p.name() + " " + p.type()).toList());
        for (int i = 0; i < expected.size(); i++) {
            assertSameJson(expected.get(i).document(), actual.get(i).document());
        }
    }

    static void assertSameJson(String expected, String actual) {
        try {
            JsonNode e = JSON.readTree(expected);
            JsonNode a = JSON.readTree(actual);
            assertEquals(e, a, "expected " + expected + "\nread " + actual);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + actual, e);
        }
    }
}
