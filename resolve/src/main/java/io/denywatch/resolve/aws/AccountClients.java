package io.denywatch.resolve.aws;

import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.sts.StsClient;

/** The clients that read one account, all with the same credentials. */
record AccountClients(IamClient iam, OrganizationsClient organizations, StsClient sts) implements AutoCloseable {

    @Override
    public void close() {
        iam.close();
        organizations.close();
        sts.close();
    }
}
