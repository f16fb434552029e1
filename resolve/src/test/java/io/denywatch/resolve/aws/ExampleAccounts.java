package io.denywatch.resolve.aws;

import io.denywatch.embedded.MotoServer;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.PolicyTypeStatus;

/**
 * The accounts the tests read, laid out in moto through the SDK: an organization whose OU holds the prod account
 * under an SCP denying object writes to prod buckets, and in the caller's account a role whose only Allow names a
 * bucket instead of its objects, a role with a permissions boundary, and a user in a group. Documents are kept as
 * created, to compare with what is read back.
 */
final class ExampleAccounts {

    static final String ACCOUNT = MotoServer.ACCOUNT;

    static final String SCP = """
            {
              "Version": "2012-10-17",
              "Statement": [
                {
                  "Sid": "DenyProdObjectWrites",
                  "Effect": "Deny",
                  "Action": ["s3:PutObject", "s3:DeleteObject"],
                  "Resource": "arn:aws:s3:::prod-*/*"
                }
              ]
            }""";

    static final String RCP = """
            {
              "Version": "2012-10-17",
              "Statement": [
                {
                  "Sid": "DenyPlainHttp",
                  "Effect": "Deny",
                  "Principal": "*",
                  "Action": "s3:*",
                  "Resource": "*",
                  "Condition": {"Bool": {"aws:SecureTransport": "false"}}
                }
              ]
            }""";

    /** The uploader's only Allow: the bucket's ARN, where s3:PutObject needs its objects' ({@code prod-uploads/*}). */
    static final String UPLOADER_WRITES = """
            {
              "Version": "2012-10-17",
              "Statement": [
                {
                  "Sid": "WriteUploads",
                  "Effect": "Allow",
                  "Action": "s3:PutObject",
                  "Resource": "arn:aws:s3:::prod-uploads"
                }
              ]
            }""";

    static final String UPLOADER_GUARDRAILS = """
            {
              "Version": "2012-10-17",
              "Statement": [
                {
                  "Sid": "NoDeletes",
                  "Effect": "Deny",
                  "Action": "s3:DeleteObject",
                  "Resource": "*"
                },
                {
                  "Sid": "NoAclChanges",
                  "Effect": "Deny",
                  "Action": ["s3:PutObjectAcl", "s3:PutBucketAcl"],
                  "Resource": "*",
                  "Condition": {"StringNotEquals": {"aws:RequestedRegion": "us-east-1"}}
                }
              ]
            }""";

    static final String BOUNDED_ADMIN = """
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}""";

    static final String BOUNDARY = """
            {"Version": "2012-10-17", "Statement": [{"Sid": "OnlyReads", "Effect": "Allow",
              "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": "*"}]}""";

    static final String ALICE_MANAGED = """
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"}]}""";
    static final String ALICE_INLINE = """
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sns:Publish", "Resource": "*"}]}""";
    static final String DEVELOPERS_MANAGED = """
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*"}]}""";
    /** A plus and a percent sign: IAM's URL encoding must come back as written. */
    static final String DEVELOPERS_INLINE = """
            {"Version": "2012-10-17", "Statement": [{"Sid": "TagsWithSigns", "Effect": "Deny", "Action": "ec2:TerminateInstances",
              "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/team": "a+b 100%"}}}]}""";

    static final String TRUST = """
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
              "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "sts:AssumeRole"}]}""";

    String uploaderArn;
    String uploaderWritesArn;
    String boundedArn;
    String boundedAdminArn;
    String boundaryArn;
    String aliceArn;
    String aliceManagedArn;
    String developersArn;
    String developersManagedArn;

    String rootId;
    String ouId;
    String prodAccountId;
    String scpArn;
    String scpId;
    String rcpArn;

    static ExampleAccounts create(IamClient iam, OrganizationsClient organizations) {
        ExampleAccounts a = new ExampleAccounts();
        a.iam(iam);
        a.organization(organizations);
        return a;
    }

    private void iam(IamClient iam) {
        uploaderWritesArn = managed(iam, "uploader-writes", UPLOADER_WRITES);
        uploaderArn = iam.createRole(r -> r.roleName("uploader").path("/app/").assumeRolePolicyDocument(TRUST))
                .role().arn();
        iam.attachRolePolicy(r -> r.roleName("uploader").policyArn(uploaderWritesArn));
        iam.putRolePolicy(r -> r.roleName("uploader").policyName("guardrails").policyDocument(UPLOADER_GUARDRAILS));

        boundedAdminArn = managed(iam, "bounded-admin", BOUNDED_ADMIN);
        boundaryArn = managed(iam, "read-only-boundary", BOUNDARY);
        boundedArn = iam.createRole(r -> r.roleName("bounded").assumeRolePolicyDocument(TRUST)
                .permissionsBoundary(boundaryArn)).role().arn();
        iam.attachRolePolicy(r -> r.roleName("bounded").policyArn(boundedAdminArn));

        aliceManagedArn = managed(iam, "alice-queue", ALICE_MANAGED);
        developersManagedArn = managed(iam, "developers-describe", DEVELOPERS_MANAGED);
        aliceArn = iam.createUser(r -> r.userName("alice")).user().arn();
        iam.attachUserPolicy(r -> r.userName("alice").policyArn(aliceManagedArn));
        iam.putUserPolicy(r -> r.userName("alice").policyName("alice-topics").policyDocument(ALICE_INLINE));
        developersArn = iam.createGroup(r -> r.groupName("developers")).group().arn();
        iam.addUserToGroup(r -> r.groupName("developers").userName("alice"));
        iam.attachGroupPolicy(r -> r.groupName("developers").policyArn(developersManagedArn));
        iam.putGroupPolicy(r -> r.groupName("developers").policyName("developers-tags")
                .policyDocument(DEVELOPERS_INLINE));
    }

    private static String managed(IamClient iam, String name, String document) {
        return iam.createPolicy(r -> r.policyName(name).policyDocument(document)).policy().arn();
    }

    private void organization(OrganizationsClient organizations) {
        organizations.createOrganization(r -> r.featureSet("ALL"));
        rootId = organizations.listRoots().roots().get(0).id();
        for (String type : new String[] {"SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"}) {
            boolean enabled = organizations.listRoots().roots().get(0).policyTypes().stream()
                    .anyMatch(t -> t.typeAsString().equals(type) && t.status() == PolicyTypeStatus.ENABLED);
            if (!enabled) {
                organizations.enablePolicyType(r -> r.rootId(rootId).policyType(type));
            }
        }
        ouId = organizations.createOrganizationalUnit(r -> r.parentId(rootId).name("workloads"))
                .organizationalUnit().id();
        prodAccountId = organizations.createAccount(r -> r.accountName("prod").email("prod@example.com"))
                .createAccountStatus().accountId();
        organizations.moveAccount(r -> r.accountId(prodAccountId).sourceParentId(rootId).destinationParentId(ouId));
        var scp = organizations.createPolicy(r -> r.name("deny-prod-object-writes").description("prod objects")
                .type("SERVICE_CONTROL_POLICY").content(SCP)).policy().policySummary();
        scpArn = scp.arn();
        scpId = scp.id();
        organizations.attachPolicy(r -> r.policyId(scp.id()).targetId(ouId));
        var rcp = organizations.createPolicy(r -> r.name("https-only").description("https")
                .type("RESOURCE_CONTROL_POLICY").content(RCP)).policy().policySummary();
        rcpArn = rcp.arn();
        organizations.attachPolicy(r -> r.policyId(rcp.id()).targetId(prodAccountId));
    }
}
