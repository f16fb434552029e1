package io.denywatch.resolve.policy;

import static io.denywatch.resolve.policy.Calls.call;
import static io.denywatch.resolve.policy.Calls.document;
import static io.denywatch.resolve.policy.Calls.identity;
import static io.denywatch.resolve.policy.Calls.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import io.denywatch.contract.denial.PolicyType;
import io.denywatch.contract.denial.StatementFinding;
import io.denywatch.contract.denial.StatementFinding.ConditionCheck;
import io.denywatch.contract.denial.StatementFinding.ConditionCheck.Outcome;
import io.denywatch.contract.denial.StatementFinding.Verdict;
import io.denywatch.resolve.PolicyText;

class DenyingStatementsTest {

    private static final String PROD_WRITES = """
            {"Sid":"DenyProdWrites","Effect":"Deny","Action":["s3:Put*","s3:Delete*"],
             "Resource":"arn:aws:s3:::prod-*/*"}""";
    private static final PolicyText PROD_SCP = policy("protect-prod", PolicyType.SERVICE_CONTROL_POLICY,
            document("""
                    {"Sid":"AllowAll","Effect":"Allow","Action":"*","Resource":"*"}""", PROD_WRITES));

    private static final PolicyText REGION_SCP = policy("eu-only", PolicyType.SERVICE_CONTROL_POLICY, document("""
            {"Sid":"DenyOutsideEu","Effect":"Deny",
             "NotAction":["iam:*","organizations:*","sts:*","support:*"],"Resource":"*",
             "Condition":{"StringNotEquals":{"aws:RequestedRegion":["eu-west-1","eu-central-1"]}}}"""));

    private static final PolicyText OFFICE_ONLY = identity("office-only", document("""
            {"Sid":"DenyOutsideOffice","Effect":"Deny","Action":"*","Resource":"*",
             "Condition":{"NotIpAddress":{"aws:SourceIp":["192.0.2.0/24","2001:db8::/32"]},
                          "Bool":{"aws:ViaAWSService":"false"}}}"""));

    private final PolicyMatcher matcher = new PolicyMatcher();

    @Test
    void scpDenyingWritesToProdBucketsDeniesAnUploadThere() throws Exception {
        List<StatementFinding> findings = matcher.denyingStatements(PROD_SCP,
                call("s3:PutObject", "arn:aws:s3:::prod-data/report.csv", "arn:aws:s3:::prod-data").build());

        assertEquals(1, findings.size());
        StatementFinding finding = findings.get(0);
        assertEquals(Verdict.DENIES, finding.verdict());
        assertEquals("DenyProdWrites", finding.sid());
        assertEquals("Deny", finding.effect());
        assertEquals(PROD_SCP.arn(), finding.policyArn());
        assertEquals(PolicyType.SERVICE_CONTROL_POLICY, finding.policyType());
        assertEquals(new ObjectMapper().readTree(PROD_WRITES), finding.statement());
        assertEquals("Deny statement DenyProdWrites matches s3:PutObject on arn:aws:s3:::prod-data/report.csv"
                + " (Action s3:Put*, Resource arn:aws:s3:::prod-*/*)", finding.explanation());
        assertTrue(finding.conditions().isEmpty());
    }

    @Test
    void scpDenyingWritesToProdBucketsLeavesReadsAndOtherBucketsAlone() {
        assertTrue(matcher.denyingStatements(PROD_SCP,
                call("s3:GetObject", "arn:aws:s3:::prod-data/report.csv").build()).isEmpty());
        assertTrue(matcher.denyingStatements(PROD_SCP,
                call("s3:PutObject", "arn:aws:s3:::dev-data/report.csv").build()).isEmpty());
        // The bucket itself is not an object in it: Resource prod-*/* does not name it.
        assertTrue(matcher.denyingStatements(PROD_SCP,
                call("s3:DeleteBucket", "arn:aws:s3:::prod-data").build()).isEmpty());
    }

    @Test
    void actionMatchingIgnoresCaseAndResourceMatchingDoesNot() {
        PolicyText shouting = identity("shouting", document("""
                {"Effect":"Deny","Action":"S3:PUTOBJECT","Resource":"arn:aws:s3:::Prod-Data/*"}"""));

        assertEquals(1, matcher.denyingStatements(shouting,
                call("s3:PutObject", "arn:aws:s3:::Prod-Data/a").build()).size());
        assertTrue(matcher.denyingStatements(shouting,
                call("s3:PutObject", "arn:aws:s3:::prod-data/a").build()).isEmpty());
    }

    @Test
    void questionMarkMatchesExactlyOneCharacter() {
        PolicyText logs = identity("logs", document("""
                {"Effect":"Deny","Action":"s3:GetObject","Resource":"arn:aws:s3:::logs-202?/*"}"""));

        assertEquals(1, matcher.denyingStatements(logs, call("s3:GetObject", "arn:aws:s3:::logs-2024/x").build())
                .size());
        assertTrue(matcher.denyingStatements(logs, call("s3:GetObject", "arn:aws:s3:::logs-202/x").build())
                .isEmpty());
        assertTrue(matcher.denyingStatements(logs, call("s3:GetObject", "arn:aws:s3:::logs-20245/x").build())
                .isEmpty());
    }

    @Test
    void regionScpDeniesOutsideItsRegionsAndSaysWhichValueTheRecordShows() {
        List<StatementFinding> findings = matcher.denyingStatements(REGION_SCP,
                call("ec2:RunInstances", "arn:aws:ec2:us-east-1:111122223333:instance/*").in("us-east-1")
                        .with("aws:RequestedRegion", "us-east-1").build());

        assertEquals(1, findings.size());
        StatementFinding finding = findings.get(0);
        assertEquals(Verdict.DENIES, finding.verdict());
        assertEquals(List.of(new ConditionCheck("StringNotEquals", "aws:RequestedRegion",
                List.of("eu-west-1", "eu-central-1"), "us-east-1", Outcome.HOLDS)), finding.conditions());
        assertEquals("Deny statement DenyOutsideEu matches ec2:RunInstances on"
                + " arn:aws:ec2:us-east-1:111122223333:instance/* (NotAction iam:*, organizations:*, sts:*,"
                + " support:*, Resource *), and its condition StringNotEquals aws:RequestedRegion"
                + " [eu-west-1, eu-central-1] holds for us-east-1", finding.explanation());
    }

    @Test
    void regionScpLeavesAllowedRegionsAndExemptServicesAlone() {
        assertTrue(matcher.denyingStatements(REGION_SCP, call("ec2:RunInstances").in("eu-central-1")
                .with("aws:RequestedRegion", "eu-central-1").build()).isEmpty());
        assertTrue(matcher.denyingStatements(REGION_SCP, call("iam:CreateUser").in("us-east-1")
                .with("aws:RequestedRegion", "us-east-1").build()).isEmpty());
    }

    @Test
    void requestedRegionFallsBackToTheCallsRegion() {
        List<StatementFinding> findings = matcher.denyingStatements(REGION_SCP,
                call("ec2:RunInstances").in("ap-southeast-2").build());

        assertEquals(Verdict.DENIES, findings.get(0).verdict());
        assertEquals("ap-southeast-2", findings.get(0).conditions().get(0).recordValue());
    }

    @Test
    void ipConditionDeniesCallsFromOutsideTheOfficeRanges() {
        StatementFinding finding = matcher.denyingStatements(OFFICE_ONLY, call("s3:ListBucket", "arn:aws:s3:::b")
                .with("aws:SourceIp", "198.51.100.7").with("aws:ViaAWSService", "false").build()).get(0);

        assertEquals(Verdict.DENIES, finding.verdict());
        assertEquals(List.of(Outcome.HOLDS, Outcome.HOLDS),
                finding.conditions().stream().map(ConditionCheck::outcome).toList());
        assertEquals(List.of("192.0.2.0/24", "2001:db8::/32"), finding.conditions().get(0).values());
    }

    @Test
    void ipConditionLeavesOfficeAddressesAloneInBothFamilies() {
        for (String inside : List.of("192.0.2.44", "2001:db8:0:1::17", "2001:DB8::1")) {
            assertTrue(matcher.denyingStatements(OFFICE_ONLY, call("s3:ListBucket", "arn:aws:s3:::b")
                    .with("aws:SourceIp", inside).with("aws:ViaAWSService", "false").build()).isEmpty(), inside);
        }
    }

    @Test
    void callsMadeByAServiceAreNotDeniedByTheOfficeRule() {
        assertTrue(matcher.denyingStatements(OFFICE_ONLY, call("kms:Decrypt", "arn:aws:kms:eu-west-1:1:key/k")
                .with("aws:SourceIp", "s3.amazonaws.com").with("aws:ViaAWSService", "true").build()).isEmpty());
    }

    @Test
    void aSourceThatIsNoAddressMayDeny() {
        StatementFinding finding = matcher.denyingStatements(OFFICE_ONLY, call("s3:ListBucket", "arn:aws:s3:::b")
                .with("aws:SourceIp", "AWS Internal").with("aws:ViaAWSService", "false").build()).get(0);

        assertEquals(Verdict.MAY_DENY, finding.verdict());
        assertEquals(Outcome.UNKNOWN, finding.conditions().get(0).outcome());
        assertEquals("AWS Internal", finding.conditions().get(0).recordValue());
    }

    @Test
    void aConditionKeyTheRecordDoesNotShowMayDenyAndSaysSo() {
        PolicyText vpceOnly = identity("vpce-only", document("""
                {"Sid":"OnlyThroughEndpoint","Effect":"Deny","Action":"s3:*","Resource":"*",
                 "Condition":{"StringNotEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}}"""));

        StatementFinding finding = matcher.denyingStatements(vpceOnly,
                call("s3:GetObject", "arn:aws:s3:::b/k").build()).get(0);

        assertEquals(Verdict.MAY_DENY, finding.verdict());
        assertNull(finding.conditions().get(0).recordValue());
        assertEquals("Deny statement OnlyThroughEndpoint may refuse s3:GetObject on arn:aws:s3:::b/k"
                + " (Action s3:*, Resource *), but the record cannot settle it: its condition StringNotEquals"
                + " aws:SourceVpce [vpce-1a2b3c4d] cannot be checked: the record does not show aws:SourceVpce",
                finding.explanation());
    }

    @Test
    void aConditionThatCertainlyFailsLeavesTheStatementOutEvenWhenAnotherCannotBeSettled() {
        PolicyText both = identity("both", document("""
                {"Effect":"Deny","Action":"s3:*","Resource":"*",
                 "Condition":{"StringNotEquals":{"aws:SourceVpce":"vpce-1"},
                              "StringEquals":{"aws:RequestedRegion":"us-east-1"}}}"""));

        assertTrue(matcher.denyingStatements(both, call("s3:GetObject", "arn:aws:s3:::b/k")
                .with("aws:RequestedRegion", "eu-west-1").build()).isEmpty());
    }

    @Test
    void theUserNameVariableFillsTheResourceAndItsAbsenceMayDeny() {
        PolicyText home = identity("home-only", document("""
                {"Sid":"OnlyOwnHome","Effect":"Deny","Action":"s3:*",
                 "NotResource":["arn:aws:s3:::home/${aws:username}/*","arn:aws:s3:::home"]}"""));

        assertTrue(matcher.denyingStatements(home, call("s3:GetObject", "arn:aws:s3:::home/alice/notes.txt")
                .with("aws:username", "alice").build()).isEmpty());
        assertEquals(Verdict.DENIES, matcher.denyingStatements(home,
                call("s3:GetObject", "arn:aws:s3:::home/bob/notes.txt").with("aws:username", "alice").build())
                .get(0).verdict());

        StatementFinding unknown = matcher.denyingStatements(home,
                call("s3:GetObject", "arn:aws:s3:::home/bob/notes.txt").build()).get(0);
        assertEquals(Verdict.MAY_DENY, unknown.verdict());
        assertTrue(unknown.explanation().endsWith(
                "its NotResource uses ${aws:username}, which the record does not show"), unknown.explanation());
    }

    @Test
    void principalTagVariableWithADefaultAndTheLiteralEscapes() {
        PolicyText teams = identity("teams", document("""
                {"Effect":"Deny","Action":"s3:PutObject",
                 "Resource":"arn:aws:s3:::shared/${aws:PrincipalTag/team, 'nobody'}/${*}${?}${$}"}"""));

        assertEquals(1, matcher.denyingStatements(teams, call("s3:PutObject", "arn:aws:s3:::shared/data/*?$")
                .with("aws:PrincipalTag/team", "data").build()).size());
        assertEquals(1, matcher.denyingStatements(teams, call("s3:PutObject", "arn:aws:s3:::shared/nobody/*?$")
                .build()).size());
        // The escapes are literal characters, not wildcards.
        assertTrue(matcher.denyingStatements(teams, call("s3:PutObject", "arn:aws:s3:::shared/data/xy$")
                .with("aws:PrincipalTag/team", "data").build()).isEmpty());
    }

    @Test
    void principalAccountComesFromTheCallersAccountWhenTheContextLacksIt() {
        PolicyText ownLogs = identity("own-logs", document("""
                {"Effect":"Deny","Action":"s3:DeleteObject","Resource":"arn:aws:s3:::logs-${aws:PrincipalAccount}/*"}"""));

        assertEquals(1, matcher.denyingStatements(ownLogs,
                call("s3:DeleteObject", "arn:aws:s3:::logs-111122223333/x").build()).size());
        assertTrue(matcher.denyingStatements(ownLogs,
                call("s3:DeleteObject", "arn:aws:s3:::logs-444455556666/x").build()).isEmpty());
    }

    @Test
    void substitutedValuesAreLiteral() {
        PolicyText own = identity("own", document("""
                {"Effect":"Deny","Action":"s3:PutObject","Resource":"arn:aws:s3:::b/${aws:userid}"}"""));

        assertTrue(matcher.denyingStatements(own, call("s3:PutObject", "arn:aws:s3:::b/AIDAX")
                .with("aws:userid", "AID*").build()).isEmpty());
        assertEquals(1, matcher.denyingStatements(own, call("s3:PutObject", "arn:aws:s3:::b/AID*")
                .with("aws:userid", "AID*").build()).size());
    }

    @Test
    void aCallWithoutResourcesIsDeniedForSureOnlyByStarAndMaybeByTheRest() {
        PolicyText policy = identity("no-resource", document("""
                {"Sid":"Named","Effect":"Deny","Action":"s3:*","Resource":"arn:aws:s3:::*"}""", """
                {"Sid":"Star","Effect":"Deny","Action":"s3:*","Resource":"*"}""", """
                {"Sid":"Not","Effect":"Deny","Action":"s3:*","NotResource":"arn:aws:s3:::keep"}"""));

        List<StatementFinding> findings = matcher.denyingStatements(policy, call("s3:ListAllMyBuckets").build());

        // The record may leave out a resource the call had: a named Resource or a NotResource cannot be told.
        assertEquals(List.of("Named", "Star", "Not"), findings.stream().map(StatementFinding::sid).toList());
        assertEquals(List.of(Verdict.MAY_DENY, Verdict.DENIES, Verdict.MAY_DENY),
                findings.stream().map(StatementFinding::verdict).toList());
        assertEquals("Deny statement Star matches s3:ListAllMyBuckets, which names no resource (Action s3:*,"
                + " Resource *)", findings.get(1).explanation());
    }

    @Test
    void aLoneStatementObjectWithoutSidIsNamedByItsPlace() {
        PolicyText lone = identity("lone", """
                {"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"sqs:*","Resource":"*"}}""");

        StatementFinding finding = matcher.denyingStatements(lone,
                call("sqs:SendMessage", "arn:aws:sqs:eu-west-1:111122223333:q").build()).get(0);

        assertNull(finding.sid());
        assertTrue(finding.explanation().startsWith("Deny statement #1 of lone matches sqs:SendMessage"),
                finding.explanation());
    }

    @Test
    void aListOfValuesIsOneCheckAndMatchesWhenAnyValueDoes() {
        PolicyText tags = identity("tags", document("""
                {"Effect":"Deny","Action":"ec2:TerminateInstances","Resource":"*",
                 "Condition":{"StringEquals":{"aws:ResourceTag/env":["prod","production"]}}}"""));

        StatementFinding finding = matcher.denyingStatements(tags, call("ec2:TerminateInstances")
                .with("aws:ResourceTag/env", "production").build()).get(0);

        assertEquals(1, finding.conditions().size());
        assertEquals(List.of("prod", "production"), finding.conditions().get(0).values());
        assertEquals(Verdict.DENIES, finding.verdict());
    }

    @Test
    void allowStatementsAreNeverDenials() {
        assertTrue(matcher.denyingStatements(identity("allow", document("""
                {"Effect":"Allow","Action":"*","Resource":"*"}""")), call("s3:PutObject", "arn:aws:s3:::b/k")
                .build()).isEmpty());
    }

    @Test
    void aDocumentThatIsNoPolicyIsRefusedWithoutQuotingIt() {
        PolicyText broken = identity("broken", "{\"Statement\": [\"secret-looking-text\"]}");
        PolicyText notJson = identity("not-json", "{\"Statement\": secret-looking-text");

        for (PolicyText policy : List.of(broken, notJson)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> matcher.denyingStatements(policy, call("s3:GetObject").build()));
            assertTrue(e.getMessage().contains(policy.arn()), e.getMessage());
            assertFalse(e.getMessage().contains("secret-looking-text"), e.getMessage());
        }
    }
}
