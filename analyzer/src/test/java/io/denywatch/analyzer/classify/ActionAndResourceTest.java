package io.denywatch.analyzer.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.denywatch.contract.denial.EnrichedDenial;

/** The action and the resources of a denial when the message does not name them. */
class ActionAndResourceTest {

    private final DenialClassifier classifier = new DenialClassifier();

    @ParameterizedTest
    @CsvSource({
        "monitoring.amazonaws.com, PutMetricData, cloudwatch:PutMetricData",
        "email.amazonaws.com, SendEmail, ses:SendEmail",
        "tagging.amazonaws.com, GetResources, tag:GetResources",
        "streams.dynamodb.amazonaws.com, GetRecords, dynamodb:GetRecords",
        "s3.amazonaws.com, ListObjects, s3:ListBucket",
        "s3.amazonaws.com, ListObjectsV2, s3:ListBucket",
        "s3.amazonaws.com, HeadBucket, s3:ListBucket",
        "s3.amazonaws.com, HeadObject, s3:GetObject",
        "s3.amazonaws.com, ListBuckets, s3:ListAllMyBuckets",
        "s3.amazonaws.com, GetBucketEncryption, s3:GetEncryptionConfiguration",
        "s3.amazonaws.com, PutObject, s3:PutObject",
        "lambda.amazonaws.com, GetFunction20150331v2, lambda:GetFunction",
        "lambda.amazonaws.com, ListFunctions20150331, lambda:ListFunctions",
        "lambda.amazonaws.com, Invoke, lambda:Invoke",
        "cloudfront.amazonaws.com, UpdateDistribution2020_05_31, cloudfront:UpdateDistribution",
        "ec2.amazonaws.com, RunInstances, ec2:RunInstances",
        "sts.amazonaws.com, AssumeRole, sts:AssumeRole"})
    void actionComesFromTheEventWhenTheMessageNamesNone(String source, String name, String action) {
        assertEquals(action, explain(Events.denied("AccessDenied", "Access Denied").call(source, name)).action());
    }

    @Test
    void theMessagesActionWinsOverTheEvent() {
        EnrichedDenial d = explain(Events.denied("AccessDenied", "User: " + Events.SESSION_ARN + " is not authorized"
                + " to perform: kms:GenerateDataKey on resource: arn:aws:kms:eu-west-1:123456789012:key/k1 because"
                + " no identity-based policy allows the kms:GenerateDataKey action").call("s3.amazonaws.com",
                "PutObject"));
        assertEquals("kms:GenerateDataKey", d.action());
    }

    @Test
    void s3ObjectIsTheBucketAndKeyAndGroupsUnderTheBucket() {
        EnrichedDenial d = explain(Events.denied("AccessDenied", "Access Denied").param("bucketName", "data")
                .param("key", "in/file one.csv"));
        assertEquals(List.of("arn:aws:s3:::data/in/file one.csv"), d.resources());
        assertEquals("arn:aws:s3:::data", d.resourceFamily());
    }

    @Test
    void s3BucketAloneIsItsOwnFamily() {
        EnrichedDenial d = explain(Events.denied("AccessDenied", "Access Denied").call("s3.amazonaws.com",
                "GetBucketPolicy").param("bucketName", "data"));
        assertEquals(List.of("arn:aws:s3:::data"), d.resources());
        assertEquals("arn:aws:s3:::data", d.resourceFamily());
    }

    @Test
    void dynamoDbTableNameBecomesTheTableArn() {
        EnrichedDenial d = explain(Events.denied("AccessDeniedException", null).call("dynamodb.amazonaws.com",
                "Query").param("tableName", "Orders"));
        assertEquals(List.of("arn:aws:dynamodb:eu-west-1:123456789012:table/Orders"), d.resources());
    }

    @Test
    void dynamoDbIndexGroupsUnderItsTable() {
        assertEquals("arn:aws:dynamodb:eu-west-1:123456789012:table/Orders", ResourceArns.family(
                "arn:aws:dynamodb:eu-west-1:123456789012:table/Orders/index/byCustomer"));
    }

    @Test
    void sqsQueueUrlBecomesTheQueueArn() {
        EnrichedDenial d = explain(Events.denied("AccessDenied", null).call("sqs.amazonaws.com", "SendMessage")
                .param("queueUrl", "https://sqs.us-east-2.amazonaws.com/210987654321/orders.fifo"));
        assertEquals(List.of("arn:aws:sqs:us-east-2:210987654321:orders.fifo"), d.resources());
    }

    @Test
    void kmsKeyIdIsKeptOnlyWhenItIsAnArn() {
        String key = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        assertEquals(List.of(key), explain(Events.denied("AccessDeniedException", null).call("kms.amazonaws.com",
                "Decrypt").param("keyId", key)).resources());
        assertTrue(explain(Events.denied("AccessDeniedException", null).call("kms.amazonaws.com", "Decrypt")
                .param("keyId", "1234abcd-12ab-34cd-56ef-1234567890ab")).resources().isEmpty());
        assertEquals(key, ResourceArns.family(key));
    }

    @Test
    void lambdaFunctionNameBecomesTheFunctionArnAndAliasesGroupUnderIt() {
        EnrichedDenial d = explain(Events.denied("AccessDeniedException", null).call("lambda.amazonaws.com",
                "Invoke").param("functionName", "resize"));
        assertEquals(List.of("arn:aws:lambda:eu-west-1:123456789012:function:resize"), d.resources());
        assertEquals("arn:aws:lambda:eu-west-1:123456789012:function:resize",
                ResourceArns.family("arn:aws:lambda:eu-west-1:123456789012:function:resize:live"));
    }

    @Test
    void roleNameBecomesTheRoleArn() {
        EnrichedDenial d = explain(Events.denied("AccessDenied", null).call("iam.amazonaws.com", "GetRole")
                .param("roleName", "deploy"));
        assertEquals(List.of("arn:aws:iam::123456789012:role/deploy"), d.resources());
    }

    @Test
    void eventResourcesComeAfterTheMessagesResourceWithoutDuplicates() {
        String role = "arn:aws:iam::123456789012:role/deploy";
        EnrichedDenial d = explain(Events.denied("AccessDenied", "User: arn:aws:iam::123456789012:user/ci is not"
                + " authorized to perform: sts:AssumeRole on resource: " + role).call("sts.amazonaws.com",
                "AssumeRole").resource(role).resource("arn:aws:iam::123456789012:role/other").param("roleArn", role));
        assertEquals(List.of(role, "arn:aws:iam::123456789012:role/other"), d.resources());
    }

    @Test
    void aWildcardResourceIsNotAResource() {
        EnrichedDenial d = explain(Events.denied("AccessDenied", "User: " + Events.SESSION_ARN + " is not authorized"
                + " to perform: lambda:ListFunctions on resource: * because no identity-based policy allows the"
                + " lambda:ListFunctions action").call("lambda.amazonaws.com", "ListFunctions20150331"));
        assertTrue(d.resources().isEmpty());
        assertNull(d.resourceFamily());
    }

    @Test
    void aSessionGroupsUnderItsRole() {
        assertEquals(Events.ROLE_ARN, ResourceArns.family(Events.SESSION_ARN));
    }

    @Test
    void resourcesFollowTheCallersPartition() {
        EnrichedDenial d = explain(Events.denied("AccessDenied", "Access Denied").assumedRole(
                "arn:aws-cn:sts::123456789012:assumed-role/app-role/worker-7",
                "arn:aws-cn:iam::123456789012:role/app-role").param("bucketName", "data"));
        assertEquals(List.of("arn:aws-cn:s3:::data"), d.resources());
    }

    private EnrichedDenial explain(Events event) {
        return classifier.classify(event.json(), null).orElseThrow();
    }
}
