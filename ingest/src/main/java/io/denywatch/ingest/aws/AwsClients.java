package io.denywatch.ingest.aws;

import io.denywatch.common.config.Config;
import io.denywatch.ingest.config.IngestSettings;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

import java.net.URI;
import java.time.Duration;

/**
 * Builds the S3 and SQS clients from configuration.
 *
 * <p>Credentials come from the SDK's default chain only (environment, profile, web identity, container or instance
 * role), so no secret passes through denywatch's configuration. Throttling and 5xx answers are retried by the SDK with
 * exponential backoff and jitter ({@code aws.max-attempts}); what still fails is retried through the queue.
 */
public final class AwsClients {

    private AwsClients() {
    }

    /** An S3 client for reading log files. */
    public static S3Client s3(Config config, int maxConnections) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(httpClient(maxConnections, Duration.ofSeconds(60)))
                .overrideConfiguration(overrides(config))
                .forcePathStyle(config.get(IngestSettings.S3_PATH_STYLE));
        String region = config.get(IngestSettings.AWS_REGION);
        if (region != null && !region.isBlank()) {
            builder.region(Region.of(region));
        }
        String endpoint = config.get(IngestSettings.S3_ENDPOINT);
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder.build();
    }

    /**
     * An SQS client. Its socket timeout exceeds the long-poll wait, so a quiet queue is not mistaken for a dead one.
     */
    public static SqsClient sqs(Config config, int maxConnections) {
        SqsClientBuilder builder = SqsClient.builder()
                .httpClientBuilder(httpClient(maxConnections,
                        config.get(IngestSettings.WAIT_TIME).plusSeconds(15)))
                .overrideConfiguration(overrides(config));
        String region = config.get(IngestSettings.AWS_REGION);
        if (region != null && !region.isBlank()) {
            builder.region(Region.of(region));
        }
        String endpoint = config.get(IngestSettings.SQS_ENDPOINT);
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder.build();
    }

    /**
     * Given as a builder so that the SDK owns the HTTP client: closing the SDK client then closes its connections,
     * which is how shutdown ends a request blocked on the network.
     */
    private static ApacheHttpClient.Builder httpClient(int maxConnections, Duration socketTimeout) {
        return ApacheHttpClient.builder()
                .maxConnections(maxConnections)
                .connectionTimeout(Duration.ofSeconds(10))
                .socketTimeout(socketTimeout);
    }

    private static ClientOverrideConfiguration overrides(Config config) {
        return ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(config.get(IngestSettings.AWS_MAX_ATTEMPTS)).build())
                .build();
    }
}
