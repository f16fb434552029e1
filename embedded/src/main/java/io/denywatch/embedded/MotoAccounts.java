package io.denywatch.embedded;

import java.net.URI;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.PolicyType;

/**
 * An account laid out in moto through the SDK, for the tests of lookups: an organization with service control
 * policies on the account, managed policies, and roles with their policies and boundaries. Every call goes through
 * IAM's and Organizations' real APIs, so what a lookup reads back is what AWS would hold.
 */
public final class MotoAccounts implements AutoCloseable {

    /** Who may assume the roles laid out: the account's own root. */
    private static final String TRUST = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
              "Principal":{"AWS":"arn:aws:iam::%s:root"},"Action":"sts:AssumeRole"}]}""".formatted(MotoServer.ACCOUNT);

    private final IamClient iam;
    private final OrganizationsClient organizations;
    private boolean organization;

    private MotoAccounts(IamClient iam, OrganizationsClient organizations) {
        this.iam = iam;
        this.organizations = organizations;
    }

    /** Clients for moto's default account at {@code endpoint}. */
    public static MotoAccounts on(URI endpoint) {
        return new MotoAccounts(
                IamClient.builder().endpointOverride(endpoint).region(Region.AWS_GLOBAL)
                        .credentialsProvider(MotoServer.credentials()).build(),
                OrganizationsClient.builder().endpointOverride(endpoint).region(Region.of(MotoServer.REGION))
                        .credentialsProvider(MotoServer.credentials()).build());
    }

    /** Creates a service control policy and attaches it to the account (the organization first, once); its ARN. */
    public String serviceControlPolicy(String name, String document) {
        if (!organization) {
            organizations.createOrganization(r -> r.featureSet("ALL"));
            organization = true;
        }
        String id = organizations.createPolicy(r -> r.name(name).description(name)
                .type(PolicyType.SERVICE_CONTROL_POLICY).content(document)).policy().policySummary().id();
        organizations.attachPolicy(r -> r.policyId(id).targetId(MotoServer.ACCOUNT));
        return organizations.describePolicy(r -> r.policyId(id)).policy().policySummary().arn();
    }

    /** Creates a customer managed policy; its ARN. */
    public String managedPolicy(String name, String document) {
        return iam.createPolicy(r -> r.policyName(name).policyDocument(document)).policy().arn();
    }

    /**
     * Creates a role the account's root may assume, with the given managed policies attached.
     *
     * @param boundaryArn its permissions boundary, or null for none
     * @return its ARN
     */
    public String role(String name, String boundaryArn, String... policyArns) {
        String arn = iam.createRole(r -> r.roleName(name).assumeRolePolicyDocument(TRUST)
                .permissionsBoundary(boundaryArn)).role().arn();
        for (String policyArn : policyArns) {
            iam.attachRolePolicy(r -> r.roleName(name).policyArn(policyArn));
        }
        return arn;
    }

    @Override
    public void close() {
        iam.close();
        organizations.close();
    }
}
