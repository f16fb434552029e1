package io.denywatch.resolve.aws;

import static io.denywatch.resolve.aws.AwsPolicySourceTest.assertSameJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.denywatch.contract.denial.PolicyType;
import io.denywatch.embedded.MotoServer;
import io.denywatch.resolve.LookupRefused;
import io.denywatch.resolve.PolicyText;
import io.denywatch.resolve.PrincipalPolicies;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * Lookups in other accounts through the reader role, against moto's STS. moto keeps each account's IAM and
 * Organizations apart by the account of the credentials a request is signed with, and accepts any role ARN in
 * AssumeRole: a role created with account 222222222222's credentials is found only with that account's.
 */
class CrossAccountTest {

    private static final String READER = "denywatch-reader";
    private static final String MEMBER = "222222222222";
    private static final String ORGANIZATION = "333333333333";
    private static final String APP_POLICY = """
            {"Version": "2012-10-17", "Statement": [{"Sid": "MemberOnly", "Effect": "Allow",
              "Action": "dynamodb:GetItem", "Resource": "*"}]}""";

    private static MotoLookups lookups;
    private static AwsPolicySource source;
    private static String scpArn;
    private static String orgMemberAccount;

    @BeforeAll
    static void layOut() {
        lookups = MotoLookups.start();
        try (IamClient iam = lookups.iam(as(MEMBER))) {
            iam.createRole(r -> r.roleName("app").assumeRolePolicyDocument(ExampleAccounts.TRUST));
            iam.putRolePolicy(r -> r.roleName("app").policyName("member-only").policyDocument(APP_POLICY));
        }
        try (IamClient iam = lookups.iam(MotoServer.credentials())) {
            iam.createRole(r -> r.roleName("local").assumeRolePolicyDocument(ExampleAccounts.TRUST));
            iam.putRolePolicy(r -> r.roleName("local").policyName("local-only").policyDocument(APP_POLICY));
        }
        try (OrganizationsClient organizations = lookups.organizations(as(ORGANIZATION))) {
            organizations.createOrganization(r -> r.featureSet("ALL"));
            String root = organizations.listRoots().roots().get(0).id();
            if (organizations.listRoots().roots().get(0).policyTypes().stream()
                    .noneMatch(t -> t.typeAsString().equals("SERVICE_CONTROL_POLICY"))) {
                organizations.enablePolicyType(r -> r.rootId(root).policyType("SERVICE_CONTROL_POLICY"));
            }
            orgMemberAccount = organizations.createAccount(r -> r.accountName("member").email("m@example.com"))
                    .createAccountStatus().accountId();
            var scp = organizations.createPolicy(r -> r.name("org-account-scp").description("d")
                    .type("SERVICE_CONTROL_POLICY").content(ExampleAccounts.SCP)).policy().policySummary();
            scpArn = scp.arn();
            organizations.attachPolicy(r -> r.policyId(scp.id()).targetId(orgMemberAccount));
        }
        source = lookups.source(READER, ORGANIZATION);
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
    void anotherAccountsPrincipalIsReadThroughItsReaderRole() {
        PrincipalPolicies policies = source.principalPolicies("arn:aws:iam::" + MEMBER + ":role/app");
        assertEquals(1, policies.identity().size());
        assertEquals("arn:aws:iam::" + MEMBER + ":role/app#member-only", policies.identity().get(0).arn());
        assertSameJson(APP_POLICY, policies.identity().get(0).document());
        assertEquals(Set.of(Map.of("Action", "AssumeRole", "RoleArn",
                        "arn:aws:iam::" + MEMBER + ":role/" + READER, "RoleSessionName", "denywatch-resolve")),
                assumeRoles(MEMBER).stream().map(CrossAccountTest::roleAndSession).collect(Collectors.toSet()));
    }

    @Test
    void theClientsForAnotherAccountCarryTheAssumedRolesCredentials() {
        GetCallerIdentityResponse identity = source.clients().forAccount(MEMBER).sts().getCallerIdentity();
        assertEquals(MEMBER, identity.account());
        assertEquals("arn:aws:sts::" + MEMBER + ":assumed-role/" + READER + "/denywatch-resolve", identity.arn());
        GetCallerIdentityResponse own = source.clients().own().sts().getCallerIdentity();
        assertEquals(MotoServer.ACCOUNT, own.account());
    }

    @Test
    void eachAccountsRoleIsAssumedOnceAndTheCallersIdentityAskedOnce() {
        int assumed = assumeRoles(MEMBER).size();
        long identities = callerIdentities();
        try (AwsPolicySource fresh = lookups.source(READER, ORGANIZATION)) {
            fresh.principalPolicies("arn:aws:iam::" + MEMBER + ":role/app");
            fresh.principalPolicies("arn:aws:iam::" + MEMBER + ":role/app");
            fresh.managedPolicy("arn:aws:iam::" + MEMBER + ":policy/not-there");
            fresh.principalPolicies("arn:aws:iam::" + MotoServer.ACCOUNT + ":role/local");
        }
        assertEquals(assumed + 1, assumeRoles(MEMBER).size(), "the session is cached");
        assertEquals(identities + 1, callerIdentities());
    }

    @Test
    void aMessageIsDecodedInTheAccountTheCallWasMadeFromThroughItsReaderRole() {
        lookups.endpoint().decodes("member-message", "{\"allowed\":false}");
        int assumed = assumeRoles(MEMBER).size();
        try (AwsPolicySource fresh = lookups.source(READER, ORGANIZATION)) {
            assertEquals(Optional.of("{\"allowed\":false}"), fresh.decode("member-message", MEMBER));
        }
        assertEquals(assumed + 1, assumeRoles(MEMBER).size(), "decoded with the member's reader role");
    }

    private static long callerIdentities() {
        return lookups.endpoint().forwarded().stream().filter(f -> "GetCallerIdentity".equals(f.get("Action")))
                .count();
    }

    @Test
    void theCallersOwnAccountAndAwsManagedPoliciesAreReadWithoutAssumingAnything() {
        PrincipalPolicies local = source.principalPolicies("arn:aws:iam::" + MotoServer.ACCOUNT + ":role/local");
        assertEquals("local-only", local.identity().get(0).name());
        assertTrue(source.managedPolicy("arn:aws:iam::aws:policy/ReadOnlyAccess").isPresent());
        assertEquals(List.of(), assumeRoles(MotoServer.ACCOUNT));
        assertEquals(List.of(), assumeRoles("aws"));
    }

    @Test
    void organizationPoliciesAreReadInTheOrganizationsAccountThroughItsReaderRole() {
        PolicyText scp = source.organizationPolicy(scpArn).orElseThrow();
        assertSameJson(ExampleAccounts.SCP, scp.document());
        Set<String> names = source.organizationPolicies(orgMemberAccount, PolicyType.SERVICE_CONTROL_POLICY).stream()
                .map(PolicyText::name).collect(Collectors.toSet());
        assertTrue(names.contains("org-account-scp"), names.toString());
        assertEquals(Set.of("arn:aws:iam::" + ORGANIZATION + ":role/" + READER),
                assumeRoles(ORGANIZATION).stream().map(f -> f.get("RoleArn")).collect(Collectors.toSet()));
    }

    @Test
    void aReaderRoleThatCannotBeAssumedIsALookupRefused() {
        String other = "444444444444";
        lookups.endpoint().refuses("AssumeRole", "AccessDenied", "User: arn:aws:iam::123456789012:user/moto is not "
                + "authorized to perform: sts:AssumeRole on resource: arn:aws:iam::" + other + ":role/" + READER);
        try {
            LookupRefused refused = assertThrows(LookupRefused.class,
                    () -> source.principalPolicies("arn:aws:iam::" + other + ":role/app"));
            assertEquals("AccessDenied", refused.errorCode());
            assertTrue(refused.getMessage().contains("sts:AssumeRole"), refused.getMessage());
        } finally {
            lookups.endpoint().stopRefusing("AssumeRole");
        }
    }

    private static List<Map<String, String>> assumeRoles(String account) {
        return lookups.endpoint().forwarded().stream()
                .filter(f -> "AssumeRole".equals(f.get("Action")))
                .filter(f -> f.getOrDefault("RoleArn", "").startsWith("arn:aws:iam::" + account + ":"))
                .toList();
    }

    private static Map<String, String> roleAndSession(Map<String, String> form) {
        return Map.of("Action", form.get("Action"), "RoleArn", form.get("RoleArn"), "RoleSessionName",
                form.get("RoleSessionName"));
    }

    /** Credentials of {@code account}, as moto hands them out for a role there. */
    private static StaticCredentialsProvider as(String account) {
        try (StsClient sts = lookups.sts(MotoServer.credentials())) {
            Credentials c = sts.assumeRole(r -> r.roleArn("arn:aws:iam::" + account + ":role/setup")
                    .roleSessionName("setup")).credentials();
            return StaticCredentialsProvider.create(AwsSessionCredentials.create(c.accessKeyId(),
                    c.secretAccessKey(), c.sessionToken()));
        }
    }
}
