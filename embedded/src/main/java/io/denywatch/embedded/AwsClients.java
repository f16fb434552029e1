package io.denywatch.embedded;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/** SDK clients configured the way every local S3 and SQS needs them, whichever stack serves them. */
final class AwsClients {

    /** The credentials LocalStack expects by default; S3Proxy is configured to check the same pair. */
    static final AwsCredentialsProvider STATIC_CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

    private AwsClients() {
    }

    static S3Client s3(URI endpoint, String region, AwsCredentialsProvider credentials) {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(credentials)
                // Virtual-host addressing would need DNS for bucket.127.0.0.1; local services are path-style.
                .forcePathStyle(true)
                .httpClientBuilder(ApacheHttpClient.builder())
                .build();
    }

    static SqsClient sqs(URI endpoint, String region, AwsCredentialsProvider credentials) {
        return SqsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .httpClientBuilder(ApacheHttpClient.builder())
                .build();
    }
}
