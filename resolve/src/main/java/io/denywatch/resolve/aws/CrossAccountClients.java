package io.denywatch.resolve.aws;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.denywatch.resolve.Arn;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * The clients for each account a lookup concerns. The caller's own account (from {@code sts:GetCallerIdentity}, asked
 * once) and every account when no reader role is set are read with the caller's credentials; another account is
 * read as {@code arn:<partition>:iam::<account>:role/<readerRoleName>}, assumed with {@code sts:AssumeRole} under the
 * session name {@value #SESSION_NAME}. Each account's credentials provider caches and refreshes its session.
 */
final class CrossAccountClients implements AutoCloseable {

    static final String SESSION_NAME = "denywatch-resolve";

    private final LookupClientFactory factory;
    private final String readerRoleName;
    private final AccountClients own;
    private final Map<String, Assumed> others = new ConcurrentHashMap<>();
    private volatile GetCallerIdentityResponse identity;

    CrossAccountClients(LookupClientFactory factory, AwsCredentialsProvider credentials, String readerRoleName) {
        this.factory = factory;
        this.readerRoleName = readerRoleName;
        this.own = factory.build(credentials);
    }

    AccountClients own() {
        return own;
    }

    /** The clients for {@code account}; {@code aws} (AWS managed policies) is readable from any account. */
    AccountClients forAccount(String account) {
        if (readerRoleName == null || account == null || account.isEmpty() || account.equals(Arn.AWS_MANAGED_ACCOUNT)
                || account.equals(ownAccount())) {
            return own;
        }
        return others.computeIfAbsent(account, this::assume).clients();
    }

    /** The caller's own account, asked once. */
    String ownAccount() {
        GetCallerIdentityResponse known = identity;
        if (known == null) {
            synchronized (this) {
                if (identity == null) {
                    identity = Refusals.translate("sts:GetCallerIdentity", () -> own.sts().getCallerIdentity());
                }
                known = identity;
            }
        }
        return known.account();
    }

    private Assumed assume(String account) {
        String partition = Arn.of(identity.arn()).partition();
        String roleArn = "arn:" + partition + ":iam::" + account + ":role/" + readerRoleName;
        StsClient sts = own.sts();
        StsAssumeRoleCredentialsProvider credentials = StsAssumeRoleCredentialsProvider.builder()
                .stsClient(sts)
                .refreshRequest(r -> r.roleArn(roleArn).roleSessionName(SESSION_NAME))
                .build();
        return new Assumed(credentials, factory.build(credentials));
    }

    @Override
    public void close() {
        others.values().forEach(Assumed::close);
        own.close();
    }

    private record Assumed(StsAssumeRoleCredentialsProvider credentials, AccountClients clients)
            implements AutoCloseable {
        @Override
        public void close() {
            clients.close();
            credentials.close();
        }
    }
}
