package io.denywatch.analyzer.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.denywatch.contract.denial.Category;
import io.denywatch.contract.denial.DenyKind;
import io.denywatch.contract.denial.Diagnosis;
import io.denywatch.contract.denial.EnrichedDenial;
import io.denywatch.contract.denial.FixLocation;
import io.denywatch.contract.denial.PolicyType;

/**
 * Every error-message form of domain.md §5, each as its own case, read end to end through the classifier.
 * No real sample carries explicit denies, policy ARNs or authorization ids, so these messages are written from the
 * documented forms.
 */
class MessageFormsTest {

    private static final String USER = "User: " + Events.SESSION_ARN + " is not authorized to perform: ";
    private static final String OBJECT = "arn:aws:s3:::reports/2026/q1.csv";
    private static final String SCP_ARN =
            "arn:aws:organizations::111111111111:policy/o-abcd1234/service_control_policy/p-abcd1234";
    private static final String RCP_ARN =
            "arn:aws:organizations::111111111111:policy/o-abcd1234/resource_control_policy/p-rcp98765";

    private final DenialClassifier classifier = new DenialClassifier();

    @Test
    void implicitDenyInIdentityBasedPolicy() {
        EnrichedDenial d = explain(USER + "s3:PutObject on resource: \"" + OBJECT
                + "\" because no identity-based policy allows the s3:PutObject action");
        expect(d, DenyKind.IMPLICIT, PolicyType.IDENTITY_BASED, FixLocation.IDENTITY_POLICY, "s3:PutObject", OBJECT,
                null, null);
    }

    @Test
    void explicitDenyInIdentityBasedPolicyWithItsArn() {
        EnrichedDenial d = explain(Events.denied("AccessDenied", "User: arn:aws:iam::123456789012:user/janedoe is not"
                + " authorized to perform: iam:CreateInstanceProfile on resource:"
                + " arn:aws:iam::123456789012:instance-profile/my-instance-profile with an explicit deny in an"
                + " identity-based policy: arn:aws:iam::123456789012:policy/ExampleDenyPolicy")
                .call("iam.amazonaws.com", "CreateInstanceProfile"));
        expect(d, DenyKind.EXPLICIT, PolicyType.IDENTITY_BASED, FixLocation.IDENTITY_POLICY,
                "iam:CreateInstanceProfile", "arn:aws:iam::123456789012:instance-profile/my-instance-profile",
                "arn:aws:iam::123456789012:policy/ExampleDenyPolicy", null);
    }

    @Test
    void previewSuffixGivesTheAuthorizationId() {
        EnrichedDenial d = explain(Events.denied("AccessDenied", "User: arn:aws:iam::123456789012:user/janedoe is not"
                + " authorized to perform: iam:CreateInstanceProfile on resource:"
                + " arn:aws:iam::123456789012:instance-profile/my-instance-profile with an explicit deny in an"
                + " identity-based policy: arn:aws:iam::123456789012:policy/ExampleDenyPolicy. Go to"
                + " https://us-east-1.console.aws.amazon.com/iam/home?region=us-east-1#/authorization-details/"
                + "EXAMPLE1a2b3c4d5e6f7g8h9i0j for complete details, or call the GetRequestAuthorizationDetails API"
                + " with the following authorization id: EXAMPLE1a2b3c4d5e6f7g8h9i0j")
                .call("iam.amazonaws.com", "CreateInstanceProfile"));
        expect(d, DenyKind.EXPLICIT, PolicyType.IDENTITY_BASED, FixLocation.IDENTITY_POLICY,
                "iam:CreateInstanceProfile", "arn:aws:iam::123456789012:instance-profile/my-instance-profile",
                "arn:aws:iam::123456789012:policy/ExampleDenyPolicy", "EXAMPLE1a2b3c4d5e6f7g8h9i0j");
        assertTrue(d.diagnosis().nextSteps().contains(
                "aws iam-toolbox get-request-authorization-details --authorization-id EXAMPLE1a2b3c4d5e6f7g8h9i0j"));
    }

    @Test
    void authorizationIdIsReadFromTheLinkWhenTheSentenceIsMissing() {
        EnrichedDenial d = explain(USER + "s3:PutObject on resource: \"" + OBJECT + "\" with an explicit deny in a"
                + " resource-based policy. Go to https://console.aws.amazon.com/iam/home#/authorization-details/"
                + "abc123def456 for complete details");
        expect(d, DenyKind.EXPLICIT, PolicyType.RESOURCE_BASED, FixLocation.RESOURCE_POLICY, "s3:PutObject", OBJECT,
                null, "abc123def456");
    }

    @Test
    void explicitDenyInResourceBasedPolicy() {
        EnrichedDenial d = explain(USER + "s3:PutObject on resource: \"" + OBJECT
                + "\" with an explicit deny in a resource-based policy");
        expect(d, DenyKind.EXPLICIT, PolicyType.RESOURCE_BASED, FixLocation.RESOURCE_POLICY, "s3:PutObject", OBJECT,
                null, null);
        assertTrue(d.diagnosis().nextSteps().contains("aws s3api get-bucket-policy --bucket reports"));
    }

    @Test
    void implicitDenyInResourceBasedPolicy() {
        EnrichedDenial d = explain(USER + "s3:PutObject on resource: \"" + OBJECT
                + "\" because no resource-based policy allows the s3:PutObject action");
        expect(d, DenyKind.IMPLICIT, PolicyType.RESOURCE_BASED, FixLocation.RESOURCE_POLICY, "s3:PutObject", OBJECT,
                null, null);
    }

    @Test
    void resourceBasedDenyOnAKmsKeyIsFixedInTheKeyPolicy() {
        String key = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        EnrichedDenial d = explain(Events.denied("AccessDeniedException", USER + "kms:Decrypt on resource: " + key
                + " because no resource-based policy allows the kms:Decrypt action").call("kms.amazonaws.com",
                "Decrypt"));
        expect(d, DenyKind.IMPLICIT, PolicyType.RESOURCE_BASED, FixLocation.KMS_KEY_POLICY, "kms:Decrypt", key, null,
                null);
        assertTrue(d.diagnosis().nextSteps().contains(
                "aws kms get-key-policy --key-id " + key + " --policy-name default --region eu-west-1"));
    }

    @Test
    void explicitDenyInPermissionsBoundaryWithItsArn() {
        EnrichedDenial d = explain(USER + "s3:PutObject on resource: \"" + OBJECT + "\" with an explicit deny in a"
                + " permissions boundary: arn:aws:iam::123456789012:policy/DevBoundary");
        expect(d, DenyKind.EXPLICIT, PolicyType.PERMISSIONS_BOUNDARY, FixLocation.PERMISSIONS_BOUNDARY,
                "s3:PutObject", OBJECT, "arn:aws:iam::123456789012:policy/DevBoundary", null);
        assertTrue(d.diagnosis().nextSteps().contains(
                "aws iam get-role --role-name app-role --query Role.PermissionsBoundary"));
        assertTrue(d.diagnosis().nextSteps().contains(
                "aws iam get-policy --policy-arn arn:aws:iam::123456789012:policy/DevBoundary"));
    }

    @Test
    void implicitDenyInPermissionsBoundary() {
        EnrichedDenial d = explain(USER + "s3:PutObject on resource: \"" + OBJECT
                + "\" because no permissions boundary allows the s3:PutObject action");
        expect(d, DenyKind.IMPLICIT, PolicyType.PERMISSIONS_BOUNDARY, FixLocation.PERMISSIONS_BOUNDARY,
                "s3:PutObject", OBJECT, null, null);
    }

    @Test
    void explicitDenyInSessionPolicyWithItsArn() {
        EnrichedDenial d = explain(USER + "s3:PutObject on resource: \"" + OBJECT + "\" with an explicit deny in a"
                + " session policy: arn:aws:iam::123456789012:policy/ReadOnlySession");
        expect(d, DenyKind.EXPLICIT, PolicyType.SESSION_POLICY, FixLocation.SESSION_POLICY, "s3:PutObject", OBJECT,
                "arn:aws:iam::123456789012:policy/ReadOnlySession", null);
    }

    @Test
    void sessionsPolicyAsAwsSpellsItInItsOwnExample() {
        EnrichedDenial d = explain(USER + "s3:PutObject on resource: \"" + OBJECT
                + "\" because no sessions policy allows the s3:PutObject action");
        expect(d, DenyKind.IMPLICIT, PolicyType.SESSION_POLICY, FixLocation.SESSION_POLICY, "s3:PutObject", OBJECT,
                null, null);
    }

    @Test
    void explicitServiceControlPolicyDenyIsAnOrganizationGuardrailOfUnknownKind() {
        EnrichedDenial d = explain(USER + "s3:PutObject on resource: \"" + OBJECT + "\" with an explicit deny in a"
                + " service control policy: " + SCP_ARN);
        expect(d, DenyKind.UNKNOWN, PolicyType.SERVICE_CONTROL_POLICY, FixLocation.ORGANIZATION, "s3:PutObject",
                OBJECT, SCP_ARN, null);
        assertTrue(d.diagnosis().nextSteps().contains("aws organizations describe-policy --policy-id p-abcd1234"));
    }

    @Test
    void implicitServiceControlPolicyDeny() {
        EnrichedDenial d = explain(USER + "s3:PutObject on resource: \"" + OBJECT
                + "\" because no service control policy allows the s3:PutObject action");
        expect(d, DenyKind.IMPLICIT, PolicyType.SERVICE_CONTROL_POLICY, FixLocation.ORGANIZATION, "s3:PutObject",
                OBJECT, null, null);
        assertTrue(d.diagnosis().nextSteps().contains("aws organizations list-policies-for-target --target-id "
                + Events.ACCOUNT + " --filter SERVICE_CONTROL_POLICY"));
    }

    @Test
    void explicitResourceControlPolicyDenyWithItsArn() {
        EnrichedDenial d = explain(USER + "s3:PutObject on resource: \"" + OBJECT + "\" with an explicit deny in a"
                + " resource control policy: " + RCP_ARN);
        expect(d, DenyKind.EXPLICIT, PolicyType.RESOURCE_CONTROL_POLICY, FixLocation.ORGANIZATION, "s3:PutObject",
                OBJECT, RCP_ARN, null);
        assertTrue(d.diagnosis().nextSteps().contains("aws organizations describe-policy --policy-id p-rcp98765"));
    }

    @Test
    void implicitResourceControlPolicyDeny() {
        EnrichedDenial d = explain(USER + "s3:PutObject on resource: \"" + OBJECT
                + "\" because no resource control policy allows the s3:PutObject action");
        expect(d, DenyKind.IMPLICIT, PolicyType.RESOURCE_CONTROL_POLICY, FixLocation.ORGANIZATION, "s3:PutObject",
                OBJECT, null, null);
    }

    @Test
    void explicitDenyInVpcEndpointPolicy() {
        EnrichedDenial d = explain(USER + "s3:PutObject on resource: \"" + OBJECT
                + "\" with an explicit deny in a VPC endpoint policy");
        expect(d, DenyKind.EXPLICIT, PolicyType.VPC_ENDPOINT_POLICY, FixLocation.NETWORK_PATH, "s3:PutObject",
                OBJECT, null, null);
    }

    @Test
    void implicitDenyInVpcEndpointPolicy() {
        EnrichedDenial d = explain(USER + "s3:PutObject on resource: \"" + OBJECT
                + "\" because no VPC endpoint policy allows the s3:PutObject action");
        expect(d, DenyKind.IMPLICIT, PolicyType.VPC_ENDPOINT_POLICY, FixLocation.NETWORK_PATH, "s3:PutObject",
                OBJECT, null, null);
    }

    @Test
    void vpcEndpointPolicyTransitivelyThroughScpIsTheScpsDeny() {
        EnrichedDenial d = explain(USER + "s3:PutObject on resource: \"" + OBJECT + "\" with an explicit deny in a"
                + " VPC endpoint policy transitively through a service control policy: " + SCP_ARN);
        expect(d, DenyKind.UNKNOWN, PolicyType.SERVICE_CONTROL_POLICY, FixLocation.ORGANIZATION, "s3:PutObject",
                OBJECT, SCP_ARN, null);
        assertTrue(d.diagnosis().advice().contains("VPC endpoint"), d.diagnosis().advice());
    }

    @Test
    void explicitDenyInTheRoleTrustPolicy() {
        String role = "arn:aws:iam::123456789012:role/deploy";
        EnrichedDenial d = explain(Events.denied("AccessDenied", "User: arn:aws:iam::123456789012:user/ci is not"
                + " authorized to perform: sts:AssumeRole on resource: " + role
                + " with an explicit deny in the role trust policy").call("sts.amazonaws.com", "AssumeRole"));
        expect(d, DenyKind.EXPLICIT, PolicyType.ROLE_TRUST_POLICY, FixLocation.TRUST_POLICY, "sts:AssumeRole", role,
                null, null);
        assertTrue(d.diagnosis().nextSteps().contains(
                "aws iam get-role --role-name deploy --query Role.AssumeRolePolicyDocument"));
    }

    @Test
    void implicitDenyInTheRoleTrustPolicy() {
        String role = "arn:aws:iam::123456789012:role/deploy";
        EnrichedDenial d = explain(Events.denied("AccessDenied", "User: arn:aws:iam::123456789012:user/ci is not"
                + " authorized to perform: sts:AssumeRole on resource: " + role
                + " because no role trust policy allows the sts:AssumeRole action").call("sts.amazonaws.com",
                "AssumeRole"));
        expect(d, DenyKind.IMPLICIT, PolicyType.ROLE_TRUST_POLICY, FixLocation.TRUST_POLICY, "sts:AssumeRole", role,
                null, null);
    }

    @ParameterizedTest
    @CsvSource({"a,identity-based policy,IDENTITY_BASED", "an,identity-based policy,IDENTITY_BASED",
        "the,identity-based policy,IDENTITY_BASED", "a,Permissions Boundary,PERMISSIONS_BOUNDARY"})
    void articleAndCaseOfThePolicyTypeDoNotMatter(String article, String words, PolicyType expected) {
        EnrichedDenial d = explain(USER + "s3:PutObject on resource: \"" + OBJECT + "\" with an explicit deny in "
                + article + " " + words);
        assertEquals(expected, d.diagnosis().policyType());
        assertEquals(DenyKind.EXPLICIT, d.diagnosis().denyKind());
    }

    @Test
    void bareExplicitDenyNamesNoPolicyType() {
        EnrichedDenial d = explain(USER + "s3:PutObject on resource: \"" + OBJECT + "\" with an explicit deny");
        expect(d, DenyKind.EXPLICIT, PolicyType.UNKNOWN, FixLocation.UNKNOWN, "s3:PutObject", OBJECT, null, null);
    }

    @Test
    void assumeRoleWithoutReasonPointsAtTheTrustPolicyButKeepsTheReasonUnknown() {
        String role = "arn:aws:iam::123837392027:role/stratus-red-team-leave-org-role";
        EnrichedDenial d = explain(Events.denied("AccessDenied", "User: arn:aws:iam::123837392027:user/bert-jan is not"
                + " authorized to perform: sts:AssumeRole on resource: " + role).call("sts.amazonaws.com",
                "AssumeRole"));
        expect(d, DenyKind.UNKNOWN, PolicyType.UNKNOWN, FixLocation.TRUST_POLICY, "sts:AssumeRole", role, null,
                null);
        assertTrue(d.diagnosis().advice().contains("sts:AssumeRole"), d.diagnosis().advice());
    }

    @Test
    void noReasonForAnotherActionIsUnknown() {
        String table = "arn:aws:dynamodb:eu-west-1:123456789012:table/Orders";
        EnrichedDenial d = explain(Events.denied("AccessDeniedException", USER + "dynamodb:PutItem on resource: "
                + table).call("dynamodb.amazonaws.com", "PutItem"));
        expect(d, DenyKind.UNKNOWN, PolicyType.UNKNOWN, FixLocation.UNKNOWN, "dynamodb:PutItem", table, null, null);
        assertEquals("aws sts get-caller-identity", d.diagnosis().nextSteps().get(0));
    }

    @Test
    void userWithoutArnAsRdsWritesIt() {
        EnrichedDenial d = explain(Events.denied("AccessDenied", "User is not authorized to perform:"
                + " rds:DeleteDBInstance").call("rds.amazonaws.com", "DeleteDBInstance"));
        expect(d, DenyKind.UNKNOWN, PolicyType.UNKNOWN, FixLocation.UNKNOWN, "rds:DeleteDBInstance", null, null,
                null);
        assertEquals(Events.SESSION_ARN, d.principal().arn());
    }

    @Test
    void bareAccessDeniedOnAnObjectGivesS3ObjectAdvice() {
        EnrichedDenial d = explain(Events.denied("AccessDenied", "Access Denied").call("s3.amazonaws.com",
                "GetObject").param("bucketName", "reports").param("key", "2026/q1.csv"));
        expect(d, DenyKind.UNKNOWN, PolicyType.UNKNOWN, FixLocation.UNKNOWN, "s3:GetObject", OBJECT, null, null);
        assertTrue(d.diagnosis().advice().contains("s3:ListBucket"), d.diagnosis().advice());
        assertTrue(d.diagnosis().nextSteps().contains("aws s3api get-bucket-policy --bucket reports"));
    }

    @Test
    void bareAccessDeniedOnABucketSaysTheReasonIsWithheld() {
        EnrichedDenial d = explain(Events.denied("AccessDenied", "Access Denied").call("s3.amazonaws.com",
                "PutBucketPolicy").param("bucketName", "reports"));
        expect(d, DenyKind.UNKNOWN, PolicyType.UNKNOWN, FixLocation.UNKNOWN, "s3:PutBucketPolicy",
                "arn:aws:s3:::reports", null, null);
        assertTrue(d.diagnosis().advice().contains("withholds"), d.diagnosis().advice());
    }

    @Test
    void emptyMessageFallsBackToTheEvent() {
        EnrichedDenial d = explain(Events.denied("AccessDeniedException", null).call("dynamodb.amazonaws.com",
                "GetItem").param("tableName", "Orders"));
        expect(d, DenyKind.UNKNOWN, PolicyType.UNKNOWN, FixLocation.UNKNOWN, "dynamodb:GetItem",
                "arn:aws:dynamodb:eu-west-1:123456789012:table/Orders", null, null);
    }

    @Test
    void blockPublicAccessSentence() {
        // domain.md does not quote S3's exact Block Public Access sentence; detection keys on the setting's name.
        EnrichedDenial d = explain(Events.denied("AccessDenied", USER + "s3:PutBucketPolicy on resource:"
                + " \"arn:aws:s3:::public-site\" because public policies are blocked by the BlockPublicPolicy block"
                + " public access setting.").call("s3.amazonaws.com", "PutBucketPolicy"));
        expect(d, DenyKind.EXPLICIT, PolicyType.UNKNOWN, FixLocation.RESOURCE_POLICY, "s3:PutBucketPolicy",
                "arn:aws:s3:::public-site", null, null);
        assertTrue(d.diagnosis().nextSteps().contains("aws s3api get-public-access-block --bucket public-site"));
    }

    @Test
    void blockedSseCUploadSentence() {
        EnrichedDenial d = explain(USER + "s3:PutObject on resource: \"" + OBJECT
                + "\" because server-side encryption with customer-provided keys (SSE-C) is blocked for this bucket.");
        expect(d, DenyKind.UNKNOWN, PolicyType.UNKNOWN, FixLocation.RESOURCE_POLICY, "s3:PutObject", OBJECT, null,
                null);
        assertTrue(d.diagnosis().nextSteps().contains("aws s3api get-bucket-encryption --bucket reports"));
    }

    @Test
    void kmsSentenceIsFixedInTheKeyPolicy() {
        String key = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        EnrichedDenial d = explain(Events.denied("AccessDeniedException", "User: arn:aws:iam::123456789012:user/etl is"
                + " not authorized to perform: kms:Decrypt on this resource because the resource does not exist in"
                + " this Region, no resource-based policies allow access, or a resource-based policy explicitly"
                + " denies access").call("kms.amazonaws.com", "Decrypt").param("keyId", key));
        expect(d, DenyKind.UNKNOWN, PolicyType.RESOURCE_BASED, FixLocation.KMS_KEY_POLICY, "kms:Decrypt", key, null,
                null);
    }

    @Test
    void olderKmsCiphertextSentenceIsFixedInTheKeyPolicy() {
        EnrichedDenial d = explain(Events.denied("AccessDeniedException", "The ciphertext refers to a customer master"
                + " key that does not exist, does not exist in this region, or you are not allowed to access.")
                .call("kms.amazonaws.com", "Decrypt"));
        expect(d, DenyKind.UNKNOWN, PolicyType.UNKNOWN, FixLocation.KMS_KEY_POLICY, "kms:Decrypt", null, null, null);
    }

    @Test
    void ec2LeadSentenceAlone() {
        EnrichedDenial d = explain(Events.denied("Client.UnauthorizedOperation",
                "You are not authorized to perform this operation.").call("ec2.amazonaws.com", "RunInstances"));
        expect(d, DenyKind.UNKNOWN, PolicyType.UNKNOWN, FixLocation.UNKNOWN, "ec2:RunInstances", null, null, null);
        assertFalse(d.diagnosis().encodedMessage().present());
    }

    @Test
    void ec2LeadSentenceWithAWholeEncodedMessage() {
        String blob = "AbCd-EfGh_IjKl0123";
        EnrichedDenial d = explain(Events.denied("Client.UnauthorizedOperation",
                "You are not authorized to perform this operation. Encoded authorization failure message: " + blob)
                .call("ec2.amazonaws.com", "GetPasswordData").param("instanceId", "i-0abc"));
        expect(d, DenyKind.UNKNOWN, PolicyType.UNKNOWN, FixLocation.UNKNOWN, "ec2:GetPasswordData",
                "arn:aws:ec2:eu-west-1:123456789012:instance/i-0abc", null, null);
        assertTrue(d.diagnosis().encodedMessage().present());
        assertFalse(d.diagnosis().encodedMessage().truncated());
        assertEquals("aws sts decode-authorization-message --encoded-message " + blob,
                d.diagnosis().nextSteps().get(0));
    }

    @Test
    void ec2LeadSentenceThenUserSentenceThenEncodedMessage() {
        String instances = "arn:aws:ec2:us-west-2:123456789012:instance/*";
        EnrichedDenial d = explain(Events.denied("Client.UnauthorizedOperation",
                "You are not authorized to perform this operation. " + USER + "ec2:RunInstances on resource: "
                        + instances + " because no identity-based policy allows the ec2:RunInstances action."
                        + " Encoded authorization failure message: AbCd-EfGh_IjKl0123")
                .call("ec2.amazonaws.com", "RunInstances"));
        expect(d, DenyKind.IMPLICIT, PolicyType.IDENTITY_BASED, FixLocation.IDENTITY_POLICY, "ec2:RunInstances",
                instances, null, null);
        assertTrue(d.diagnosis().encodedMessage().present());
    }

    @Test
    void ec2EncodedMessageCutAtOneKilobyteIsNotOfferedForDecoding() {
        String lead = "You are not authorized to perform this operation. " + USER + "ec2:RunInstances on resource:"
                + " arn:aws:ec2:us-west-2:123456789012:instance/* because no identity-based policy allows the"
                + " ec2:RunInstances action. Encoded authorization failure message: ";
        String message = lead + "A".repeat(1023 - lead.length());
        EnrichedDenial d = explain(Events.denied("Client.UnauthorizedOperation", message).call("ec2.amazonaws.com",
                "RunInstances"));
        assertTrue(d.diagnosis().encodedMessage().present());
        assertTrue(d.diagnosis().encodedMessage().truncated());
        assertTrue(d.diagnosis().nextSteps().stream().noneMatch(s -> s.contains("decode-authorization-message")));
        assertTrue(d.diagnosis().advice().contains("cut short"), d.diagnosis().advice());
    }

    @Test
    void s3ResourceInQuotesMayHoldSpacesAndReasonWords() {
        String object = "arn:aws:s3:::reports/because no policy allows the/x y.csv";
        EnrichedDenial d = explain(USER + "s3:PutObject on resource: \"" + object
                + "\" because no identity-based policy allows the s3:PutObject action");
        expect(d, DenyKind.IMPLICIT, PolicyType.IDENTITY_BASED, FixLocation.IDENTITY_POLICY, "s3:PutObject", object,
                null, null);
        assertEquals("arn:aws:s3:::reports", d.resourceFamily());
    }

    @Test
    void iamTypeWordBeforeARoleName() {
        EnrichedDenial d = explain(Events.denied("AccessDenied", "User: arn:aws:iam::123456789012:user/tester is not"
                + " authorized to perform: iam:GetRole on resource: role FooBar because no identity-based policy"
                + " allows the iam:GetRole action").call("iam.amazonaws.com", "GetRole"));
        expect(d, DenyKind.IMPLICIT, PolicyType.IDENTITY_BASED, FixLocation.IDENTITY_POLICY, "iam:GetRole",
                "arn:aws:iam::123456789012:role/FooBar", null, null);
    }

    @Test
    void iamTypeWordBeforeAPolicyArn() {
        EnrichedDenial d = explain(Events.denied("AccessDenied", "User: arn:aws:iam::123456789012:user/tester is not"
                + " authorized to perform: iam:GetPolicy on resource: policy arn:aws:iam::aws:policy/AdministratorAccess"
                + " because no identity-based policy allows the iam:GetPolicy action").call("iam.amazonaws.com",
                "GetPolicy"));
        expect(d, DenyKind.IMPLICIT, PolicyType.IDENTITY_BASED, FixLocation.IDENTITY_POLICY, "iam:GetPolicy",
                "arn:aws:iam::aws:policy/AdministratorAccess", null, null);
    }

    /**
     * Every typed resource phrase IAM writes keeps the reason after it, whatever the reason: the phrase runs to the
     * reason clause, so words after the name (a policy's version) cannot hide it.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "role deploy-runner                                      | role/deploy-runner",
            "user build-bot                                          | user/build-bot",
            "group Admins                                            | group/Admins",
            "instance profile web-tier-profile                       | instance-profile/web-tier-profile",
            "saml provider CorpIdP                                   | saml-provider/CorpIdP",
            "oidc provider token.actions.githubusercontent.com       | oidc-provider/token.actions.githubusercontent.com",
            "server certificate legacy-elb-cert                      | server-certificate/legacy-elb-cert",
            "mfa alice-phone                                         | mfa/alice-phone",
            "policy arn:aws:iam::123456789012:policy/ci-deploy       | arn:aws:iam::123456789012:policy/ci-deploy",
            "policy arn:aws:iam::123456789012:policy/ci-deploy, version v3 | arn:aws:iam::123456789012:policy/ci-deploy",
            "policy version arn:aws:iam::aws:policy/ReadOnlyAccess, version v7 | arn:aws:iam::aws:policy/ReadOnlyAccess"})
    void everyIamResourcePhraseKeepsItsReason(String phrase, String resource) {
        String expected = resource.startsWith("arn:") ? resource : "arn:aws:iam::123456789012:" + resource;
        String boundary = "arn:aws:iam::123456789012:policy/DeveloperBoundary";
        EnrichedDenial implicit = explain(Events.denied("AccessDenied", USER + "iam:PassRole on resource: " + phrase
                + " because no identity-based policy allows the iam:PassRole action").call("iam.amazonaws.com",
                "PassRole"));
        expect(implicit, DenyKind.IMPLICIT, PolicyType.IDENTITY_BASED, FixLocation.IDENTITY_POLICY, "iam:PassRole",
                expected, null, null);

        EnrichedDenial explicit = explain(Events.denied("AccessDenied", USER + "iam:PassRole on resource: " + phrase
                + " with an explicit deny in a permissions boundary: " + boundary).call("iam.amazonaws.com",
                "PassRole"));
        expect(explicit, DenyKind.EXPLICIT, PolicyType.PERMISSIONS_BOUNDARY, FixLocation.PERMISSIONS_BOUNDARY,
                "iam:PassRole", expected, boundary, null);
    }

    @Test
    void aResourcePhraseWithoutAReasonIsStillTheResource() {
        EnrichedDenial d = explain(Events.denied("AccessDenied", USER + "iam:GetInstanceProfile on resource: "
                + "instance profile web-tier-profile").call("iam.amazonaws.com", "GetInstanceProfile"));
        assertEquals("arn:aws:iam::123456789012:instance-profile/web-tier-profile", d.resources().get(0));
        assertEquals(DenyKind.UNKNOWN, d.diagnosis().denyKind());
    }

    private static final String LOG_DELIVERY = "{\"type\":\"AWSService\",\"invokedBy\":\"delivery.logs.amazonaws.com\"}";
    private static final String LOG_BUCKET = "arn:aws:s3:::central-vpc-flow-logs";

    @Test
    void aServicePrincipalRefusedOnABucketWasRefusedByItsPolicyAndLogsAreLost() {
        EnrichedDenial d = explain(Events.denied("AccessDenied", "Access Denied").identity(LOG_DELIVERY)
                .call("s3.amazonaws.com", "PutObject").set("sourceIPAddress", "delivery.logs.amazonaws.com")
                .param("bucketName", "central-vpc-flow-logs").param("key", "AWSLogs/123456789012/x.log.gz"));
        expect(d, DenyKind.UNKNOWN, PolicyType.RESOURCE_BASED, FixLocation.RESOURCE_POLICY, "s3:PutObject",
                LOG_BUCKET + "/AWSLogs/123456789012/x.log.gz", null, null);
        assertTrue(d.diagnosis().advice().startsWith("Logs are being lost"), d.diagnosis().advice());
        assertTrue(d.diagnosis().advice().contains("Inferred from"), d.diagnosis().advice());
        assertEquals("delivery.logs.amazonaws.com", d.principal().invokedBy());
        assertTrue(d.diagnosis().nextSteps().stream().anyMatch(s -> s.contains("get-bucket-policy")),
                d.diagnosis().nextSteps().toString());
        String text = new ExplainFormatter().format(d);
        assertTrue(text.contains("delivery.logs.amazonaws.com"), text);
        assertFalse(text.toLowerCase(java.util.Locale.ROOT).contains("unknown principal"), text);
    }

    @Test
    void aServicePrincipalRefusedOnAQueueWithNoMessageIsTheQueuePolicy() {
        String queue = "arn:aws:sqs:eu-west-1:123456789012:orders";
        EnrichedDenial d = explain(Events.denied("AccessDenied", null)
                .identity("{\"type\":\"AWSService\",\"invokedBy\":\"events.amazonaws.com\"}")
                .call("sqs.amazonaws.com", "SendMessage").resource(queue));
        assertEquals(PolicyType.RESOURCE_BASED, d.diagnosis().policyType());
        assertEquals(FixLocation.RESOURCE_POLICY, d.diagnosis().fixLocation());
        assertTrue(d.diagnosis().advice().startsWith("Inferred from the caller being an AWS service"),
                d.diagnosis().advice());
    }

    @Test
    void aServicePrincipalRefusedOnAKeyIsTheKeyPolicy() {
        EnrichedDenial d = explain(Events.denied("AccessDeniedException", null)
                .identity("{\"type\":\"AWSService\",\"invokedBy\":\"s3.amazonaws.com\"}")
                .call("kms.amazonaws.com", "Decrypt")
                .resource("arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"));
        assertEquals(PolicyType.RESOURCE_BASED, d.diagnosis().policyType());
        assertEquals(FixLocation.KMS_KEY_POLICY, d.diagnosis().fixLocation());
    }

    @ParameterizedTest
    @CsvSource({"AssumeRoleWithWebIdentity,WebIdentityUser", "AssumeRoleWithSAML,SAMLUser"})
    void aRefusedFederationIsTheRolesTrustPolicy(String call, String type) {
        EnrichedDenial d = explain(Events.denied("AccessDenied", "Not authorized to perform sts:" + call)
                .identity("{\"type\":\"" + type + "\",\"principalId\":\"x\",\"userName\":\"ci\"}")
                .call("sts.amazonaws.com", call).resource("arn:aws:iam::123456789012:role/ci-deploy"));
        assertEquals("sts:" + call, d.action());
        assertEquals(PolicyType.ROLE_TRUST_POLICY, d.diagnosis().policyType());
        assertEquals(FixLocation.TRUST_POLICY, d.diagnosis().fixLocation());
        assertTrue(d.diagnosis().advice().startsWith("Inferred from the call"), d.diagnosis().advice());
    }

    @Test
    void aPlainAssumeRoleWithoutAReasonIsNotInferred() {
        // The caller's own sts:AssumeRole permission is as possible as the trust policy.
        EnrichedDenial d = explain(Events.denied("AccessDenied", USER + "sts:AssumeRole on resource: "
                + "arn:aws:iam::123456789012:role/ci-deploy").call("sts.amazonaws.com", "AssumeRole"));
        assertEquals(PolicyType.UNKNOWN, d.diagnosis().policyType());
    }

    /** Each of these leaves more than one layer possible, so none is inferred (domain.md §5, §9). */
    @Test
    void nothingIsInferredWhereTheRecordLeavesMoreThanOneLayer() {
        // A service acting for a user: the user's identity policies count.
        EnrichedDenial forwarded = explain(Events.denied("AccessDenied", "Access Denied")
                .set("sourceIPAddress", "cloudformation.amazonaws.com"));
        assertEquals(PolicyType.UNKNOWN, forwarded.diagnosis().policyType());
        EnrichedDenial invokedBy = explain(Events.denied("AccessDenied", null).identity("{\"type\":\"AssumedRole\","
                + "\"arn\":\"arn:aws:sts::123456789012:assumed-role/AWSServiceRoleForConfig/cfg\",\"accountId\":"
                + "\"123456789012\",\"invokedBy\":\"config.amazonaws.com\"}"));
        assertEquals(PolicyType.UNKNOWN, invokedBy.diagnosis().policyType());
        // S3's bare "Access Denied" to a role: identity, bucket, boundary, SCP... all possible.
        EnrichedDenial bare = explain(Events.denied("AccessDenied", "Access Denied"));
        assertEquals(PolicyType.UNKNOWN, bare.diagnosis().policyType());
        // EC2's encoded-only message.
        EnrichedDenial ec2 = explain(Events.denied("Client.UnauthorizedOperation", "You are not authorized to perform"
                + " this operation. Encoded authorization failure message: abcdEFGH1234").call("ec2.amazonaws.com",
                "RunInstances"));
        assertEquals(PolicyType.UNKNOWN, ec2.diagnosis().policyType());
        // A service principal refused where no resource policy exists (an EC2 call) stays unknown too.
        EnrichedDenial serviceOnEc2 = explain(Events.denied("Client.UnauthorizedOperation", null)
                .identity("{\"type\":\"AWSService\",\"invokedBy\":\"autoscaling.amazonaws.com\"}")
                .call("ec2.amazonaws.com", "RunInstances"));
        assertEquals(PolicyType.UNKNOWN, serviceOnEc2.diagnosis().policyType());
    }

    @Test
    void aStatedReasonWinsOverTheInference() {
        EnrichedDenial d = explain(Events.denied("AccessDenied", "User: arn:aws:sts::123456789012:assumed-role/x/y"
                + " is not authorized to perform: s3:PutObject on resource: \"" + LOG_BUCKET + "/k\" with an explicit"
                + " deny in a resource control policy: " + RCP_ARN).identity(LOG_DELIVERY));
        assertEquals(PolicyType.RESOURCE_CONTROL_POLICY, d.diagnosis().policyType());
    }

    @Test
    void upperCaseActionPrefixIsLowered() {
        String topic = "arn:aws:sns:eu-west-1:123456789012:alerts";
        EnrichedDenial d = explain(Events.denied("AuthorizationError", USER + "SNS:Publish on resource: " + topic
                + " because no resource-based policy allows the SNS:Publish action").call("sns.amazonaws.com",
                "Publish"));
        expect(d, DenyKind.IMPLICIT, PolicyType.RESOURCE_BASED, FixLocation.RESOURCE_POLICY, "sns:Publish", topic,
                null, null);
        assertTrue(d.diagnosis().nextSteps().contains(
                "aws sns get-topic-attributes --topic-arn " + topic + " --region eu-west-1"));
    }

    @Test
    void vpcEndpointDenialOfANetworkActivityEvent() {
        EnrichedDenial d = explain(Events.denied("VpceAccessDenied", "The request was denied due to a VPC endpoint"
                + " policy").call("s3.amazonaws.com", "GetObject").set("eventType", "AwsVpceEvent")
                .set("vpcEndpointId", "vpce-0123456789abcdef0").param("bucketName", "reports")
                .param("key", "2026/q1.csv"));
        expect(d, DenyKind.UNKNOWN, PolicyType.VPC_ENDPOINT_POLICY, FixLocation.NETWORK_PATH, "s3:GetObject", OBJECT,
                null, null);
        assertTrue(d.diagnosis().nextSteps().contains(
                "aws ec2 describe-vpc-endpoints --vpc-endpoint-ids vpce-0123456789abcdef0 --region eu-west-1"));
    }

    @Test
    void billingAccessNotActivated() {
        EnrichedDenial d = explain(Events.denied("AccessDenied", "IAM user access not activated")
                .call("ce.amazonaws.com", "GetCostAndUsage"));
        expect(d, DenyKind.UNKNOWN, PolicyType.UNKNOWN, FixLocation.UNKNOWN, "ce:GetCostAndUsage", null, null, null);
        assertTrue(d.diagnosis().advice().contains("billing"), d.diagnosis().advice());
    }

    @Test
    void unrecognisedReasonIsUnknown() {
        EnrichedDenial d = explain(USER + "s3:PutObject on resource: \"" + OBJECT
                + "\" because the moon is in the wrong phase");
        expect(d, DenyKind.UNKNOWN, PolicyType.UNKNOWN, FixLocation.UNKNOWN, "s3:PutObject", OBJECT, null, null);
    }

    private EnrichedDenial explain(String message) {
        return explain(Events.denied("AccessDenied", message));
    }

    private EnrichedDenial explain(Events event) {
        EnrichedDenial d = classifier.classify(event.json(), null).orElseThrow();
        assertEquals(Category.AUTHORIZATION, d.category());
        return d;
    }

    private static void expect(EnrichedDenial d, DenyKind kind, PolicyType type, FixLocation fix, String action,
                               String resource, String policyArn, String authorizationId) {
        Diagnosis diagnosis = d.diagnosis();
        assertEquals(kind, diagnosis.denyKind(), "denyKind");
        assertEquals(type, diagnosis.policyType(), "policyType");
        assertEquals(fix, diagnosis.fixLocation(), "fixLocation");
        assertEquals(action, d.action(), "action");
        if (resource == null) {
            assertTrue(d.resources().isEmpty(), "resources: " + d.resources());
        } else {
            assertEquals(resource, d.resources().get(0), "resource");
        }
        assertEquals(policyArn, diagnosis.policyArn(), "policyArn");
        assertEquals(authorizationId, diagnosis.authorizationId(), "authorizationId");
        assertFalse(diagnosis.advice().isBlank(), "advice");
    }
}
