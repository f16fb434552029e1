package io.denywatch.resolve.aws;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.denywatch.contract.denial.PolicyType;
import io.denywatch.resolve.Arn;
import io.denywatch.resolve.PolicySource;
import io.denywatch.resolve.PolicyText;
import io.denywatch.resolve.PrincipalPolicies;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;

/**
 * Reads the policies behind a refusal from IAM, Organizations and STS, read-only. Each lookup goes to the account the
 * ARN names (through the reader role when it is not the caller's own, see {@link CrossAccountClients}); service and
 * resource control policies go to the organization's account. The calls made are exactly those the reader role's
 * policy allows ({@code deploy/terraform/resolve-reader-policy.json.tpl}).
 */
public final class AwsPolicySource implements PolicySource, AutoCloseable {

    private final LookupSettings settings;
    private final SdkHttpClient http;
    private final CrossAccountClients clients;
    private final AwsCredentialsProvider credentials;

    AwsPolicySource(LookupSettings settings, AwsCredentialsProvider credentials) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.credentials = credentials;
        // One pool for every account's clients; a socket that stalls longer than a whole call is given up.
        this.http = ApacheHttpClient.builder()
                .connectionTimeout(settings.callTimeout())
                .socketTimeout(settings.callTimeout())
                .build();
        this.clients = new CrossAccountClients(new LookupClientFactory(settings, http), credentials,
                settings.readerRoleName());
    }

    /**
     * Reads with the SDK's default credentials chain (environment, profile, web identity, container or instance role),
     * so no secret passes through denywatch's configuration.
     */
    public static AwsPolicySource create(LookupSettings settings) {
        return new AwsPolicySource(settings, DefaultCredentialsProvider.builder().build());
    }

    @Override
    public Optional<PolicyText> managedPolicy(String policyArn) {
        return ManagedPolicyReader.read(clients.forAccount(Arn.of(policyArn).account()).iam(), policyArn,
                PolicyType.IDENTITY_BASED);
    }

    @Override
    public Optional<PolicyText> organizationPolicy(String policyArn) {
        return OrganizationPolicyReader.read(organizationClients().organizations(), policyArn);
    }

    @Override
    public List<PolicyText> organizationPolicies(String accountId, PolicyType type) {
        return OrganizationPolicyReader.forAccount(organizationClients().organizations(), accountId, type);
    }

    @Override
    public PrincipalPolicies principalPolicies(String principalArn) {
        return PrincipalPolicyReader.read(clients.forAccount(Arn.of(principalArn).account()).iam(), principalArn);
    }

    /**
     * Decoded in the account the call was made from, which is where the message was issued; the caller's own
     * account when none is given.
     */
    @Override
    public Optional<String> decode(String encodedMessage, String accountId) {
        AccountClients account = accountId == null ? clients.own() : clients.forAccount(accountId);
        return AuthorizationMessageDecoder.decode(account.sts(), encodedMessage);
    }

    /**
     * Simulated in the principal's account, where its policies are. A role session is simulated as its role: the
     * simulator takes users, groups and roles only.
     */
    @Override
    public Simulation simulate(String principalArn, String action, List<String> resources,
                               Map<String, String> context) {
        AccountClients account = clients.forAccount(Arn.of(principalArn).account());
        String simulated = PrincipalPolicyReader.roleArn(account.iam(), principalArn);
        return PolicySimulator.simulate(account.iam(), () -> PrincipalPolicyReader.read(account.iam(), simulated),
                simulated, action, resources == null ? List.of() : resources,
                context == null ? Map.of() : context);
    }

    /** The clients per account, for tests to check whose credentials they carry. */
    CrossAccountClients clients() {
        return clients;
    }

    /** The organization's account when one is set, else the caller's own. */
    private AccountClients organizationClients() {
        return settings.organizationAccountId() == null ? clients.own()
                : clients.forAccount(settings.organizationAccountId());
    }

    @Override
    public void close() {
        clients.close();
        http.close();
        // The default chain may hold an STS client of its own (web identity).
        if (credentials instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // Closing at shutdown: nothing is left to use it.
            }
        }
    }
}
