package io.denywatch.resolve.policy;

import static io.denywatch.resolve.policy.Calls.call;
import static io.denywatch.resolve.policy.Calls.document;
import static io.denywatch.resolve.policy.Calls.identity;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.denywatch.contract.denial.StatementFinding;
import io.denywatch.contract.denial.StatementFinding.Verdict;
import io.denywatch.resolve.Call;
import io.denywatch.resolve.PolicyText;

class NearestAllowTest {

    private final PolicyMatcher matcher = new PolicyMatcher();

    private StatementFinding nearest(Call call, PolicyText... policies) {
        return matcher.nearestAllow(List.of(policies), call).orElseThrow();
    }

    @Test
    void anAllowOfTheBucketMissesAnUploadOfAnObject() {
        PolicyText bucketOnly = identity("bucket-only", document("""
                {"Sid":"UploadReports","Effect":"Allow","Action":["s3:PutObject","s3:ListBucket"],
                 "Resource":"arn:aws:s3:::reports"}"""));

        StatementFinding finding = nearest(call("s3:PutObject", "arn:aws:s3:::reports/q1.csv",
                "arn:aws:s3:::reports").build(), bucketOnly);

        assertEquals(Verdict.NEAREST_ALLOW, finding.verdict());
        assertEquals("UploadReports", finding.sid());
        assertEquals("Allow statement UploadReports comes nearest to s3:PutObject on arn:aws:s3:::reports/q1.csv"
                + " but misses it: its Resource arn:aws:s3:::reports names the bucket, while s3:PutObject acts on"
                + " objects in it: it needs arn:aws:s3:::reports/* or the object's own ARN", finding.explanation());
    }

    @Test
    void anAllowOfTheObjectsMissesAListingOfTheBucket() {
        PolicyText objectsOnly = identity("objects-only", document("""
                {"Sid":"ReadReports","Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],
                 "Resource":"arn:aws:s3:::reports/*"}"""));

        StatementFinding finding = nearest(call("s3:ListBucket", "arn:aws:s3:::reports").build(), objectsOnly);

        assertEquals("Allow statement ReadReports comes nearest to s3:ListBucket on arn:aws:s3:::reports but misses"
                + " it: its Resource arn:aws:s3:::reports/* names objects in the bucket, while s3:ListBucket acts on"
                + " the bucket itself: it needs arn:aws:s3:::reports", finding.explanation());
    }

    @Test
    void anAllowInAnotherRegionSaysWhichRegion() {
        PolicyText otherRegion = identity("orders", document("""
                {"Sid":"WriteOrders","Effect":"Allow","Action":"dynamodb:PutItem",
                 "Resource":"arn:aws:dynamodb:us-east-1:111122223333:table/orders"}"""));

        StatementFinding finding = nearest(call("dynamodb:PutItem",
                "arn:aws:dynamodb:eu-west-1:111122223333:table/orders").build(), otherRegion);

        assertEquals("Allow statement WriteOrders comes nearest to dynamodb:PutItem on"
                + " arn:aws:dynamodb:eu-west-1:111122223333:table/orders but misses it: its Resource"
                + " arn:aws:dynamodb:us-east-1:111122223333:table/orders is for region us-east-1, while"
                + " arn:aws:dynamodb:eu-west-1:111122223333:table/orders is in region eu-west-1",
                finding.explanation());
    }

    @Test
    void anAllowInAnotherAccountSaysWhichAccount() {
        PolicyText otherAccount = identity("queue", document("""
                {"Sid":"SendJobs","Effect":"Allow","Action":"sqs:SendMessage",
                 "Resource":"arn:aws:sqs:*:444455556666:jobs"}"""));

        StatementFinding finding = nearest(call("sqs:SendMessage", "arn:aws:sqs:eu-west-1:111122223333:jobs")
                .build(), otherAccount);

        assertTrue(finding.explanation().endsWith("its Resource arn:aws:sqs:*:444455556666:jobs is for account"
                + " 444455556666, while arn:aws:sqs:eu-west-1:111122223333:jobs is in account 111122223333"),
                finding.explanation());
    }

    @Test
    void aSiblingActionOnTheSameResourceIsNamed() {
        PolicyText reader = identity("reader", document("""
                {"Sid":"ReadReports","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports/*"}"""));

        StatementFinding finding = nearest(call("s3:PutObject", "arn:aws:s3:::reports/q1.csv").build(), reader);

        assertEquals("Allow statement ReadReports comes nearest to s3:PutObject on arn:aws:s3:::reports/q1.csv but"
                + " misses it: its Action lists s3:GetObject, not s3:PutObject, though its Resource"
                + " arn:aws:s3:::reports/* covers arn:aws:s3:::reports/q1.csv", finding.explanation());
    }

    @Test
    void anSseKmsUploadNeedsTheKeyBesidesTheS3Permission() {
        PolicyText uploader = identity("uploader", document("""
                {"Sid":"UploadReports","Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::reports/*"}"""));
        String key = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

        StatementFinding finding = nearest(call("kms:GenerateDataKey", key).build(), uploader);

        assertEquals("UploadReports", finding.sid());
        assertEquals("Allow statement UploadReports comes nearest to kms:GenerateDataKey on " + key + " but misses"
                + " it: it allows s3:PutObject (Action s3:PutObject, Resource arn:aws:s3:::reports/*) but not"
                + " kms:GenerateDataKey; an upload to a bucket encrypted with SSE-KMS needs kms:GenerateDataKey on"
                + " the bucket's KMS key besides s3:PutObject, so the S3 permission is not enough",
                finding.explanation());
    }

    @Test
    void anSseKmsReadNeedsDecryptBesidesTheS3Permission() {
        PolicyText reader = identity("reader", document("""
                {"Sid":"ReadReports","Effect":"Allow","Action":"s3:Get*","Resource":"arn:aws:s3:::reports/*"}"""));

        StatementFinding finding = nearest(call("kms:Decrypt", "arn:aws:kms:eu-west-1:111122223333:key/k").build(),
                reader);

        assertTrue(finding.explanation().contains("it allows s3:GetObject (Action s3:Get*"), finding.explanation());
        assertTrue(finding.explanation().endsWith("so the S3 permission is not enough"), finding.explanation());
    }

    @Test
    void aKmsAllowForAnotherKeyComesNearerThanTheS3Allow() {
        PolicyText both = identity("both", document("""
                {"Sid":"UploadReports","Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::reports/*"}""",
                """
                {"Sid":"UseLogsKey","Effect":"Allow","Action":["kms:GenerateDataKey","kms:Decrypt"],
                 "Resource":"arn:aws:kms:eu-west-1:111122223333:key/logs"}"""));

        StatementFinding finding = nearest(call("kms:GenerateDataKey",
                "arn:aws:kms:eu-west-1:111122223333:key/reports").build(), both);

        assertEquals("UseLogsKey", finding.sid());
    }

    @Test
    void aConditionThatDoesNotHoldNamesKeyExpectedValuesAndTheRecordsValue() {
        PolicyText euOnly = identity("eu-only", document("""
                {"Sid":"EuCompute","Effect":"Allow","Action":"ec2:RunInstances","Resource":"*",
                 "Condition":{"StringEquals":{"aws:RequestedRegion":["eu-west-1","eu-central-1"]}}}"""));

        StatementFinding finding = nearest(call("ec2:RunInstances", "arn:aws:ec2:us-east-1:111122223333:instance/*")
                .in("us-east-1").build(), euOnly);

        assertEquals("Allow statement EuCompute comes nearest to ec2:RunInstances on"
                + " arn:aws:ec2:us-east-1:111122223333:instance/* but misses it: its condition StringEquals"
                + " aws:RequestedRegion [eu-west-1, eu-central-1] does not hold: the record shows"
                + " aws:RequestedRegion us-east-1", finding.explanation());
    }

    @Test
    void theNearestIsTheHighestScoreAndTheFirstOnATie() {
        PolicyText policies = identity("many", document("""
                {"Sid":"OtherBucket","Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::other/*"}""",
                """
                {"Sid":"Sibling","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports/*"}""",
                """
                {"Sid":"BucketNotObjects","Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::reports"}""",
                """
                {"Sid":"SiblingAgain","Effect":"Allow","Action":"s3:DeleteObject","Resource":"arn:aws:s3:::reports/*"}
                """));
        Call call = call("s3:PutObject", "arn:aws:s3:::reports/q1.csv").build();

        // BucketNotObjects: service 8 + action 4 + near miss 2 + no failing condition 1 = 15, ahead of Sibling's 13.
        assertEquals("BucketNotObjects", nearest(call, policies).sid());
        PolicyText withoutIt = identity("fewer", document("""
                {"Sid":"Sibling","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports/*"}""",
                """
                {"Sid":"SiblingAgain","Effect":"Allow","Action":"s3:DeleteObject","Resource":"arn:aws:s3:::reports/*"}
                """));
        assertEquals("Sibling", nearest(call, withoutIt).sid());
    }

    @Test
    void nothingIsNearestWhenAnAllowCoversTheCallOrNoneIsForItsService() {
        PolicyText covers = identity("covers", document("""
                {"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::reports/*"}"""));
        PolicyText elsewhere = identity("elsewhere", document("""
                {"Effect":"Allow","Action":["sqs:*","sns:Publish"],"Resource":"*"}"""));
        Call call = call("s3:PutObject", "arn:aws:s3:::reports/q1.csv").build();

        assertTrue(matcher.nearestAllow(List.of(covers, elsewhere), call).isEmpty());
        assertTrue(matcher.nearestAllow(List.of(elsewhere), call).isEmpty());
        assertTrue(matcher.nearestAllow(List.of(), call).isEmpty());
    }

    @Test
    void aCallWithoutResourceIsNeitherCoveredNorMissedForSureByANamedResource() {
        PolicyText named = identity("named", document("""
                {"Sid":"ListReports","Effect":"Allow","Action":"s3:List*","Resource":"arn:aws:s3:::reports"}"""));
        Call call = call("s3:ListAllMyBuckets").build();

        // The record may leave out a resource the call had: the Allow may cover it, so it is not named as a miss.
        assertTrue(matcher.nearestAllow(List.of(named), call).isEmpty());
        assertEquals(List.of("ListReports"),
                matcher.allowingStatements(List.of(named), call).stream().map(StatementFinding::sid).toList());
    }
}
