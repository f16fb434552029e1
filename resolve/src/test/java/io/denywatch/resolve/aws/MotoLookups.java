package io.denywatch.resolve.aws;

import java.net.URI;
import java.time.Duration;

import io.denywatch.embedded.AwsQueryEndpoint;
import io.denywatch.embedded.MotoServer;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * A moto_server with an {@link AwsQueryEndpoint} in front, and the SDK's standard endpoint property
 * ({@code aws.endpointUrl}) pointing at the endpoint while it runs: lookups find it the way deployed code finds a
 * configured endpoint, with nothing set in code. Setup clients go to moto directly.
 */
final class MotoLookups implements AutoCloseable {

    static final String ENDPOINT_PROPERTY = "aws.endpointUrl";
    static final Region REGION = Region.of(MotoServer.REGION);

    private final MotoServer moto;
    private final AwsQueryEndpoint endpoint;

    private MotoLookups(MotoServer moto, AwsQueryEndpoint endpoint) {
        this.moto = moto;
        this.endpoint = endpoint;
    }

    static MotoLookups start() {
        // AWS managed policies (arn:aws:iam::aws:policy/...) are read like any other.
        MotoServer moto = MotoServer.start(java.util.Map.of("MOTO_IAM_LOAD_MANAGED_POLICIES", "true"));
        AwsQueryEndpoint endpoint = AwsQueryEndpoint.start(moto.endpoint());
        System.setProperty(ENDPOINT_PROPERTY, endpoint.endpoint().toString());
        return new MotoLookups(moto, endpoint);
    }

    AwsQueryEndpoint endpoint() {
        return endpoint;
    }

    URI moto() {
        return moto.endpoint();
    }

    /** A source reading with moto's default account's credentials. */
    AwsPolicySource source(String readerRoleName, String organizationAccountId) {
        return new AwsPolicySource(new LookupSettings(MotoServer.REGION, readerRoleName, organizationAccountId,
                Duration.ofSeconds(30)), MotoServer.credentials());
    }

    IamClient iam(AwsCredentialsProvider credentials) {
        return IamClient.builder().endpointOverride(moto.endpoint()).region(REGION).credentialsProvider(credentials)
                .httpClientBuilder(ApacheHttpClient.builder()).build();
    }

    OrganizationsClient organizations(AwsCredentialsProvider credentials) {
        return OrganizationsClient.builder().endpointOverride(moto.endpoint()).region(REGION)
                .credentialsProvider(credentials).httpClientBuilder(ApacheHttpClient.builder()).build();
    }

    StsClient sts(AwsCredentialsProvider credentials) {
        return StsClient.builder().endpointOverride(moto.endpoint()).region(REGION).credentialsProvider(credentials)
                .httpClientBuilder(ApacheHttpClient.builder()).build();
    }

    @Override
    public void close() {
        System.clearProperty(ENDPOINT_PROPERTY);
        endpoint.close();
        moto.close();
    }
}
