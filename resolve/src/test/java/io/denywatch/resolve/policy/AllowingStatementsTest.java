package io.denywatch.resolve.policy;

import static io.denywatch.resolve.policy.Calls.call;
import static io.denywatch.resolve.policy.Calls.document;
import static io.denywatch.resolve.policy.Calls.identity;
import static io.denywatch.resolve.policy.Calls.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.denywatch.contract.denial.PolicyType;
import io.denywatch.contract.denial.StatementFinding;
import io.denywatch.contract.denial.StatementFinding.Verdict;
import io.denywatch.resolve.PolicyText;

class AllowingStatementsTest {

    private static final PolicyText BOUNDARY = policy("developer-boundary", PolicyType.PERMISSIONS_BOUNDARY,
            document("""
                    {"Sid":"BoundaryS3AndLogs","Effect":"Allow","Action":["s3:*","logs:*"],"Resource":"*"}""",
                    """
                    {"Sid":"NoIamChanges","Effect":"Deny","NotAction":["iam:Get*","iam:List*"],
                     "Resource":"arn:aws:iam::*:*"}"""));

    private static final PolicyText DYNAMO_WRITER = identity("orders-writer", document("""
            {"Sid":"WriteOrders","Effect":"Allow","Action":["dynamodb:PutItem","dynamodb:UpdateItem"],
             "Resource":"arn:aws:dynamodb:eu-west-1:111122223333:table/orders"}"""));

    private final PolicyMatcher matcher = new PolicyMatcher();

    @Test
    void anIdentityAllowRefusedByTheBoundaryIsShownAsAllows() {
        var call = call("dynamodb:PutItem", "arn:aws:dynamodb:eu-west-1:111122223333:table/orders").build();

        List<StatementFinding> identity = matcher.allowingStatements(List.of(DYNAMO_WRITER), call);
        List<StatementFinding> boundary = matcher.allowingStatements(List.of(BOUNDARY), call);

        assertEquals(1, identity.size());
        assertEquals(Verdict.ALLOWS, identity.get(0).verdict());
        assertEquals("Allow statement WriteOrders allows dynamodb:PutItem on"
                + " arn:aws:dynamodb:eu-west-1:111122223333:table/orders (Action dynamodb:PutItem,"
                + " Resource arn:aws:dynamodb:eu-west-1:111122223333:table/orders)", identity.get(0).explanation());
        assertTrue(boundary.isEmpty());
        assertTrue(matcher.nearestAllow(List.of(BOUNDARY), call).isEmpty(),
                "the boundary allows nothing in DynamoDB, so nothing comes near");
    }

    @Test
    void theBoundaryDeniesIamWritesButNotReads() {
        var write = call("iam:CreateAccessKey", "arn:aws:iam::111122223333:user/ci").build();
        var read = call("iam:GetUser", "arn:aws:iam::111122223333:user/ci").build();

        assertEquals(Verdict.DENIES, matcher.denyingStatements(BOUNDARY, write).get(0).verdict());
        assertTrue(matcher.denyingStatements(BOUNDARY, read).isEmpty());
    }

    @Test
    void allowsComeFromEveryPolicyInOrder() {
        var call = call("s3:GetObject", "arn:aws:s3:::reports/q1.csv").build();
        PolicyText reader = identity("reader", document("""
                {"Sid":"ReadReports","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports/*"}"""));

        List<StatementFinding> allows = matcher.allowingStatements(List.of(BOUNDARY, DYNAMO_WRITER, reader), call);

        assertEquals(List.of("BoundaryS3AndLogs", "ReadReports"), allows.stream().map(StatementFinding::sid).toList());
        assertEquals(List.of(BOUNDARY.arn(), reader.arn()), allows.stream().map(StatementFinding::policyArn).toList());
    }

    @Test
    void anAllowWhoseConditionCannotBeSettledStillCoversAndSaysWhat() {
        PolicyText tagged = identity("tagged", document("""
                {"Sid":"OwnTeam","Effect":"Allow","Action":"s3:GetObject","Resource":"*",
                 "Condition":{"StringEquals":{"s3:ExistingObjectTag/team":"${aws:PrincipalTag/team}"}}}"""));

        StatementFinding allow = matcher.allowingStatements(List.of(tagged),
                call("s3:GetObject", "arn:aws:s3:::b/k").with("s3:ExistingObjectTag/team", "data").build()).get(0);

        assertEquals(Verdict.ALLOWS, allow.verdict());
        assertTrue(allow.explanation().endsWith("its values use ${aws:PrincipalTag/team}, which the record does"
                + " not show"), allow.explanation());
    }

    @Test
    void anAllowWhoseConditionFailsDoesNotCover() {
        PolicyText eu = identity("eu", document("""
                {"Effect":"Allow","Action":"ec2:*","Resource":"*",
                 "Condition":{"StringEquals":{"aws:RequestedRegion":"eu-west-1"}}}"""));

        assertTrue(matcher.allowingStatements(List.of(eu), call("ec2:RunInstances").in("us-east-1").build())
                .isEmpty());
    }

    @Test
    void notActionAllowCoversEverythingItDoesNotList() {
        PolicyText allButIam = identity("all-but-iam", document("""
                {"Sid":"AllButIam","Effect":"Allow","NotAction":"iam:*","Resource":"*"}"""));

        assertEquals(1, matcher.allowingStatements(List.of(allButIam), call("sqs:SendMessage", "arn:aws:sqs:"
                + "eu-west-1:111122223333:q").build()).size());
        assertTrue(matcher.allowingStatements(List.of(allButIam), call("iam:PassRole",
                "arn:aws:iam::111122223333:role/r").build()).isEmpty());
    }
}
