package io.denywatch.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.denywatch.contract.denial.DenyKind;
import io.denywatch.contract.denial.PolicyType;
import io.denywatch.contract.denial.Resolution;
import io.denywatch.contract.denial.Resolution.Method;
import io.denywatch.contract.denial.Resolution.Outcome;
import io.denywatch.contract.denial.StatementFinding;
import io.denywatch.contract.denial.StatementFinding.Verdict;
import io.denywatch.resolve.policy.PolicyMatcher;

/**
 * Which lookup the resolver makes for what the record says, with the real matcher over documents held in memory.
 * The same paths against AWS's APIs (moto) are in {@code ResolveAgainstMotoTest}.
 */
class StatementResolverTest {

    private static final String ACCOUNT = "111122223333";
    private static final String ROLE = "arn:aws:iam::" + ACCOUNT + ":role/app";
    private static final String SCP_ARN = "arn:aws:organizations::999999999999:policy/o-abc/service_control_policy/p-1";
    private static final String SCP = """
            {"Version":"2012-10-17","Statement":[
              {"Sid":"AllowAll","Effect":"Allow","Action":"*","Resource":"*"},
              {"Sid":"DenyProdWrites","Effect":"Deny","Action":["s3:PutObject","s3:DeleteObject"],
               "Resource":"arn:aws:s3:::prod-*/*"}]}""";
    private static final String BUCKET_ONLY = """
            {"Version":"2012-10-17","Statement":[
              {"Sid":"WriteReports","Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::reports"}]}""";
    private static final String ALL_S3 = """
            {"Version":"2012-10-17","Statement":[{"Sid":"AllS3","Effect":"Allow","Action":"s3:*","Resource":"*"}]}""";
    private static final String READ_ONLY_BOUNDARY = """
            {"Version":"2012-10-17","Statement":[
              {"Sid":"ReadOnly","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}""";

    private final InMemoryPolicies aws = new InMemoryPolicies();
    private final StatementResolver resolver = new StatementResolver(aws, new PolicyMatcher());

    @Test
    void anExplicitDenyWithItsArnNamesTheDenyStatement() {
        aws.organization.put(SCP_ARN, new PolicyText(SCP_ARN, "guardrails", PolicyType.SERVICE_CONTROL_POLICY, SCP));
        Resolution r = resolver.resolve(call("arn:aws:s3:::prod-data/report.csv", DenyKind.EXPLICIT,
                PolicyType.SERVICE_CONTROL_POLICY, SCP_ARN));
        assertEquals(Outcome.RESOLVED, r.outcome());
        assertEquals(Method.POLICY_DOCUMENTS, r.method());
        StatementFinding named = single(r);
        assertEquals("DenyProdWrites", named.sid());
        assertEquals(SCP_ARN, named.policyArn());
        assertEquals(Verdict.DENIES, named.verdict());
        assertTrue(r.summary().contains("DenyProdWrites"), r.summary());
    }

    @Test
    void aServiceControlPolicyWithoutItsArnIsFoundAmongThoseOfTheAccount() {
        aws.accountPolicies.add(new PolicyText(SCP_ARN, "guardrails", PolicyType.SERVICE_CONTROL_POLICY, SCP));
        Resolution r = resolver.resolve(call("arn:aws:s3:::prod-data/report.csv", DenyKind.UNKNOWN,
                PolicyType.SERVICE_CONTROL_POLICY, null));
        assertEquals("DenyProdWrites", single(r).sid());
    }

    @Test
    void aWriteOutsideTheProdBucketsIsNotBlamedOnTheScp() {
        aws.organization.put(SCP_ARN, new PolicyText(SCP_ARN, "guardrails", PolicyType.SERVICE_CONTROL_POLICY, SCP));
        Resolution r = resolver.resolve(call("arn:aws:s3:::dev-data/report.csv", DenyKind.EXPLICIT,
                PolicyType.SERVICE_CONTROL_POLICY, SCP_ARN));
        assertEquals(Outcome.NO_MATCH, r.outcome());
        assertTrue(r.statements().isEmpty());
    }

    @Test
    void anImplicitDenyNamesTheNearestAllowAndWhyItMisses() {
        aws.principals.put(ROLE, new PrincipalPolicies(ROLE, List.of(inline("writer", BUCKET_ONLY)), null));
        Resolution r = resolver.resolve(call("arn:aws:s3:::reports/2026/q4.csv", DenyKind.IMPLICIT,
                PolicyType.IDENTITY_BASED, null));
        assertEquals(Outcome.RESOLVED, r.outcome());
        StatementFinding nearest = single(r);
        assertEquals(Verdict.NEAREST_ALLOW, nearest.verdict());
        assertEquals("WriteReports", nearest.sid());
        assertTrue(r.summary().startsWith("No Allow in the policies of " + ROLE), r.summary());
    }

    @Test
    void aBoundaryRefusalShowsTheBoundarysNearestAllowAndTheIdentityAllowItCuts() {
        PolicyText boundary = new PolicyText("arn:aws:iam::" + ACCOUNT + ":policy/read-only", "read-only",
                PolicyType.PERMISSIONS_BOUNDARY, READ_ONLY_BOUNDARY);
        aws.principals.put(ROLE, new PrincipalPolicies(ROLE, List.of(inline("s3", ALL_S3)), boundary));
        Resolution r = resolver.resolve(call("arn:aws:s3:::reports/q4.csv", DenyKind.IMPLICIT,
                PolicyType.PERMISSIONS_BOUNDARY, null));
        assertEquals(Outcome.RESOLVED, r.outcome());
        assertEquals(List.of(Verdict.NEAREST_ALLOW, Verdict.ALLOWS),
                r.statements().stream().map(StatementFinding::verdict).toList());
        assertEquals("ReadOnly", r.statements().get(0).sid());
        assertEquals("AllS3", r.statements().get(1).sid());
    }

    @Test
    void anEncodedMessageIsDecodedAndItsStatementsReported() {
        aws.decoded.put("blob", DecodedAuthorizationTest.EXPLICIT);
        Call call = new Call(ROLE, "AssumedRole", ACCOUNT, ACCOUNT, "us-east-1", "ec2:RunInstances",
                List.of("arn:aws:ec2:us-east-1:" + ACCOUNT + ":instance/*"), DenyKind.UNKNOWN, PolicyType.UNKNOWN,
                null, "blob", null, Map.of());
        Resolution r = resolver.resolve(call);
        assertEquals(Method.DECODED_MESSAGE, r.method());
        assertEquals("DenyLargeInstances", single(r).sid());
    }

    @Test
    void aMessageStsWillNotDecodeIsSaidAndTheLayerIsLookedUpInstead() {
        aws.principals.put(ROLE, new PrincipalPolicies(ROLE, List.of(inline("writer", BUCKET_ONLY)), null));
        Call call = new Call(ROLE, "AssumedRole", ACCOUNT, ACCOUNT, "us-east-1", "s3:PutObject",
                List.of("arn:aws:s3:::reports/q4.csv"), DenyKind.IMPLICIT, PolicyType.IDENTITY_BASED, null, "cut",
                null, Map.of());
        Resolution r = resolver.resolve(call);
        assertEquals(Method.POLICY_DOCUMENTS, r.method());
        assertTrue(r.notes().get(0).contains("would not decode"), r.notes().toString());
    }

    @Test
    void aSessionPolicyCannotBeReadBack() {
        Resolution r = resolver.resolve(call("arn:aws:s3:::reports/q4.csv", DenyKind.IMPLICIT,
                PolicyType.SESSION_POLICY, null));
        assertEquals(Outcome.NOT_RESOLVABLE, r.outcome());
    }

    @Test
    void withNoLayerTheCallIsSimulatedAndSaidToBe() {
        aws.simulation = new PolicySource.Simulation("explicitDeny",
                List.of(new PolicySource.MatchedStatement("arn:aws:iam::" + ACCOUNT + ":policy/deny-prod",
                        "IAM Policy", "{\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"Resource\":\"*\"}")),
                List.of("aws:SourceVpce"));
        Resolution r = resolver.resolve(call("arn:aws:s3:::reports/q4.csv", DenyKind.UNKNOWN, PolicyType.UNKNOWN,
                null));
        assertEquals(Method.SIMULATED, r.method());
        assertEquals(Outcome.RESOLVED, r.outcome());
        assertEquals(Verdict.REPORTED_BY_AWS, single(r).verdict());
        assertEquals(PolicyType.IDENTITY_BASED, single(r).policyType());
        assertTrue(r.notes().get(0).contains("aws:SourceVpce"), r.notes().toString());
    }

    @Test
    void aSimulatedImplicitDenyNamesTheNearestAllow() {
        aws.simulation = new PolicySource.Simulation("implicitDeny", List.of(), List.of());
        aws.principals.put(ROLE, new PrincipalPolicies(ROLE, List.of(inline("writer", BUCKET_ONLY)), null));
        Resolution r = resolver.resolve(call("arn:aws:s3:::reports/q4.csv", DenyKind.UNKNOWN, PolicyType.UNKNOWN,
                null));
        assertEquals(Method.SIMULATED, r.method());
        assertEquals(Verdict.NEAREST_ALLOW, single(r).verdict());
        assertEquals("WriteReports", single(r).sid());
        assertTrue(r.summary().contains("misses it: "), r.summary());
    }

    @Test
    void aSimulatedAllowPointsAwayFromThePrincipalsPolicies() {
        aws.simulation = new PolicySource.Simulation("allowed", List.of(), List.of());
        Resolution r = resolver.resolve(call("arn:aws:s3:::reports/q4.csv", DenyKind.UNKNOWN, PolicyType.UNKNOWN,
                null));
        assertEquals(Outcome.NO_MATCH, r.outcome());
        assertTrue(r.summary().contains("resource-based policy"), r.summary());
    }

    @Test
    void anImplicitDenyIsNeverBlamedOnAConditionalDeny() {
        String plainHttp = """
                {"Version":"2012-10-17","Statement":[{"Sid":"TlsOnly","Effect":"Deny","Action":"s3:*",
                  "Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}""";
        aws.principals.put(ROLE, new PrincipalPolicies(ROLE,
                List.of(inline("writer", BUCKET_ONLY), inline("tls", plainHttp)), null));
        Resolution r = resolver.resolve(call("arn:aws:s3:::reports/q4.csv", DenyKind.IMPLICIT,
                PolicyType.IDENTITY_BASED, null));
        assertEquals(Verdict.NEAREST_ALLOW, single(r).verdict(), "the missing Allow, not the TLS guard");
        assertEquals("WriteReports", single(r).sid());
    }

    @Test
    void aDenyWhoseConditionTheRecordCannotSettleIsOnlyPossibly() {
        String conditional = """
                {"Version":"2012-10-17","Statement":[{"Sid":"OfficeOnly","Effect":"Deny","Action":"s3:*",
                  "Resource":"*","Condition":{"NotIpAddress":{"aws:SourceIp":"192.0.2.0/24"}}}]}""";
        String arn = "arn:aws:iam::" + ACCOUNT + ":policy/office-only";
        aws.managed.put(arn, new PolicyText(arn, "office-only", PolicyType.IDENTITY_BASED, conditional));
        Resolution r = resolver.resolve(call("arn:aws:s3:::reports/q4.csv", DenyKind.EXPLICIT,
                PolicyType.IDENTITY_BASED, arn));
        assertEquals(Verdict.MAY_DENY, single(r).verdict());
        assertTrue(r.summary().startsWith("Possibly refused by"), r.summary());
    }

    @Test
    void aBoundaryNamedByArnIsReportedAsTheBoundary() {
        String arn = "arn:aws:iam::" + ACCOUNT + ":policy/no-writes";
        aws.managed.put(arn, new PolicyText(arn, "no-writes", PolicyType.IDENTITY_BASED, """
                {"Version":"2012-10-17","Statement":[{"Sid":"NoWrites","Effect":"Deny","Action":"s3:Put*",
                  "Resource":"*"}]}"""));
        Resolution r = resolver.resolve(call("arn:aws:s3:::reports/q4.csv", DenyKind.EXPLICIT,
                PolicyType.PERMISSIONS_BOUNDARY, arn));
        assertEquals(PolicyType.PERMISSIONS_BOUNDARY, single(r).policyType());
    }

    @Test
    void anScpThatAllowsNothingForTheCallNamesItsNearestAllow() {
        String allowList = """
                {"Version":"2012-10-17","Statement":[{"Sid":"OnlyReads","Effect":"Allow","Action":"s3:Get*",
                  "Resource":"*"}]}""";
        aws.accountPolicies.add(new PolicyText(SCP_ARN, "allow-list", PolicyType.SERVICE_CONTROL_POLICY, allowList));
        Resolution r = resolver.resolve(call("arn:aws:s3:::prod-data/a.csv", DenyKind.UNKNOWN,
                PolicyType.SERVICE_CONTROL_POLICY, null));
        assertEquals(Verdict.NEAREST_ALLOW, single(r).verdict());
        assertEquals("OnlyReads", single(r).sid());
    }

    @Test
    void anScpThatAllowsTheCallSomewhereIsNoMatchNotAGuess() {
        aws.accountPolicies.add(new PolicyText(SCP_ARN, "all", PolicyType.SERVICE_CONTROL_POLICY, ALL_S3));
        Resolution r = resolver.resolve(call("arn:aws:s3:::prod-data/a.csv", DenyKind.UNKNOWN,
                PolicyType.SERVICE_CONTROL_POLICY, null));
        assertEquals(Outcome.NO_MATCH, r.outcome());
        assertTrue(r.statements().isEmpty());
    }

    @Test
    void aResourcePolicyRefusalIsNotLookedForInThePrincipalsPolicies() {
        Resolution r = resolver.resolve(call("arn:aws:s3:::reports/q4.csv", DenyKind.EXPLICIT,
                PolicyType.RESOURCE_BASED, null));
        assertEquals(Outcome.NOT_RESOLVABLE, r.outcome());
        assertTrue(r.summary().contains("bucket, key or queue policy"), r.summary());
    }

    @Test
    void aSimulationThatTheOrganizationRefusedReadsTheScps() {
        aws.simulation = new PolicySource.Simulation("implicitDeny", List.of(), List.of(), false, null);
        aws.accountPolicies.add(new PolicyText(SCP_ARN, "guardrails", PolicyType.SERVICE_CONTROL_POLICY, SCP));
        Resolution r = resolver.resolve(call("arn:aws:s3:::prod-data/report.csv", DenyKind.UNKNOWN,
                PolicyType.UNKNOWN, null));
        assertEquals(Method.SIMULATED, r.method());
        assertEquals("DenyProdWrites", single(r).sid());
        assertTrue(r.summary().contains("by the organization"), r.summary());
    }

    @Test
    void aDecodedMessageNamingOnlyAnAllowIsNotTakenAsTheReason() {
        aws.decoded.put("blob", DecodedAuthorizationTest.EXPLICIT.replace("\"DENY\"", "\"ALLOW\"")
                .replace("\"explicitDeny\":true", "\"explicitDeny\":false"));
        aws.principals.put(ROLE, new PrincipalPolicies(ROLE, List.of(inline("writer", BUCKET_ONLY)), null));
        Call call = new Call(ROLE, "AssumedRole", ACCOUNT, ACCOUNT, "us-east-1", "ec2:RunInstances",
                List.of(), DenyKind.UNKNOWN, PolicyType.UNKNOWN, null, "blob", null, Map.of());
        Resolution r = resolver.resolve(call);
        assertEquals(Method.POLICY_DOCUMENTS, r.method(), r.summary());
        assertTrue(r.notes().get(0).contains("implicit deny"), r.notes().toString());
    }

    @Test
    void aLookupAwsRefusesIsReportedWithItsCode() {
        aws.refuse = new LookupRefused("AccessDenied", "not authorized to perform iam:ListAttachedRolePolicies");
        Resolution r = resolver.resolve(call("arn:aws:s3:::reports/q4.csv", DenyKind.IMPLICIT,
                PolicyType.IDENTITY_BASED, null));
        assertEquals(Outcome.LOOKUP_DENIED, r.outcome());
        assertTrue(r.summary().contains("AccessDenied"), r.summary());
    }

    @Test
    void aPolicyThatNoLongerExistsIsNoMatch() {
        Resolution r = resolver.resolve(call("arn:aws:s3:::prod-data/a", DenyKind.EXPLICIT,
                PolicyType.IDENTITY_BASED, "arn:aws:iam::" + ACCOUNT + ":policy/gone"));
        assertEquals(Outcome.NO_MATCH, r.outcome());
        assertTrue(r.summary().contains("no longer exists"), r.summary());
    }

    private static StatementFinding single(Resolution r) {
        assertEquals(1, r.statements().size(), () -> r.statements().toString());
        return r.statements().get(0);
    }

    private static PolicyText inline(String name, String document) {
        return new PolicyText(ROLE + "#" + name, name, PolicyType.IDENTITY_BASED, document);
    }

    private static Call call(String resource, DenyKind kind, PolicyType type, String policyArn) {
        return new Call(ROLE, "AssumedRole", ACCOUNT, ACCOUNT, "us-east-1", "s3:PutObject", List.of(resource), kind,
                type, policyArn, null, null, Map.of("aws:PrincipalArn", ROLE, "aws:RequestedRegion", "us-east-1"));
    }

    /** Documents held in memory, answering as AWS would; the AWS-backed source is tested against moto. */
    private static final class InMemoryPolicies implements PolicySource {
        final Map<String, PolicyText> managed = new HashMap<>();
        final Map<String, PolicyText> organization = new HashMap<>();
        final List<PolicyText> accountPolicies = new ArrayList<>();
        final Map<String, PrincipalPolicies> principals = new HashMap<>();
        final Map<String, String> decoded = new HashMap<>();
        Simulation simulation;
        LookupRefused refuse;

        @Override
        public Optional<PolicyText> managedPolicy(String policyArn) {
            refuseIfAsked();
            return Optional.ofNullable(managed.get(policyArn));
        }

        @Override
        public Optional<PolicyText> organizationPolicy(String policyArn) {
            refuseIfAsked();
            return Optional.ofNullable(organization.get(policyArn));
        }

        @Override
        public List<PolicyText> organizationPolicies(String accountId, PolicyType type) {
            refuseIfAsked();
            return accountPolicies.stream().filter(p -> p.type() == type).toList();
        }

        @Override
        public PrincipalPolicies principalPolicies(String principalArn) {
            refuseIfAsked();
            return principals.getOrDefault(principalArn, new PrincipalPolicies(principalArn, List.of(), null));
        }

        @Override
        public Optional<String> decode(String encodedMessage, String accountId) {
            refuseIfAsked();
            return Optional.ofNullable(decoded.get(encodedMessage));
        }

        @Override
        public Simulation simulate(String principalArn, String action, List<String> resources,
                                   Map<String, String> context) {
            refuseIfAsked();
            return simulation;
        }

        private void refuseIfAsked() {
            if (refuse != null) {
                throw refuse;
            }
        }
    }
}
