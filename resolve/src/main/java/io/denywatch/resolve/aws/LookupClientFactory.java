package io.denywatch.resolve.aws;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.IamClientBuilder;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.OrganizationsClientBuilder;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;

/**
 * Builds the IAM, Organizations and STS clients for one set of credentials, sharing one HTTP connection pool.
 *
 * <p>No endpoint is set here: the SDK itself takes {@code AWS_ENDPOINT_URL}, {@code AWS_ENDPOINT_URL_IAM},
 * {@code AWS_ENDPOINT_URL_STS}, {@code AWS_ENDPOINT_URL_ORGANIZATIONS}, their system properties
 * ({@code aws.endpointUrl}, {@code aws.endpointUrlIam}, ...) and the profile's {@code endpoint_url}
 * (<a href="https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html">service-specific
 * endpoints</a>); setting one in code would silence them.
 */
final class LookupClientFactory {

    private final LookupSettings settings;
    private final SdkHttpClient http;

    LookupClientFactory(LookupSettings settings, SdkHttpClient http) {
        this.settings = settings;
        this.http = http;
    }

    AccountClients build(AwsCredentialsProvider credentials) {
        return new AccountClients(iam(credentials), organizations(credentials), sts(credentials));
    }

    StsClient sts(AwsCredentialsProvider credentials) {
        StsClientBuilder builder = StsClient.builder().httpClient(http).credentialsProvider(credentials)
                .overrideConfiguration(overrides());
        if (settings.region() != null) {
            builder.region(Region.of(settings.region()));
        }
        return builder.build();
    }

    private IamClient iam(AwsCredentialsProvider credentials) {
        IamClientBuilder builder = IamClient.builder().httpClient(http).credentialsProvider(credentials)
                .overrideConfiguration(overrides());
        if (settings.region() != null) {
            builder.region(Region.of(settings.region()));
        }
        return builder.build();
    }

    private OrganizationsClient organizations(AwsCredentialsProvider credentials) {
        OrganizationsClientBuilder builder = OrganizationsClient.builder().httpClient(http)
                .credentialsProvider(credentials).overrideConfiguration(overrides());
        if (settings.region() != null) {
            builder.region(Region.of(settings.region()));
        }
        return builder.build();
    }

    private ClientOverrideConfiguration overrides() {
        return ClientOverrideConfiguration.builder().apiCallTimeout(settings.callTimeout()).build();
    }
}
