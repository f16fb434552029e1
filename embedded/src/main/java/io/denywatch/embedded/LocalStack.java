package io.denywatch.embedded;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A running Kafka, S3 and SQS on this machine: everything the demo, the benchmarks and the integration tests need
 * to talk to, whichever implementation stands behind it.
 *
 * <p>The SDK clients it hands out are shared and owned by the stack; callers must not close them. Closing the stack
 * stops every service and releases its temporary files.
 */
public interface LocalStack extends AutoCloseable {

    /** The region every stack reports; the services here ignore it but the SDK needs one to sign requests. */
    String REGION = "us-east-1";

    /** {@code "embedded"} or {@code "testcontainers"}: which implementation is running, for logs and reports. */
    String name();

    /** Bootstrap servers of the Kafka broker, {@code host:port}. */
    String kafkaBootstrapServers();

    /** Endpoint of the S3 service, to be used with path-style addressing. */
    URI s3Endpoint();

    /** Endpoint of the SQS service. */
    URI sqsEndpoint();

    /** The region to configure SDK clients with. */
    default String region() {
        return REGION;
    }

    /** Static credentials the S3 and SQS services accept. */
    AwsCredentialsProvider credentials();

    /** An S3 client for {@link #s3Endpoint()}: path-style, Apache HTTP client, {@link #credentials()}. */
    S3Client s3();

    /** An SQS client for {@link #sqsEndpoint()}: Apache HTTP client, {@link #credentials()}. */
    SqsClient sqs();

    /** Creates a bucket; creating one that this stack already owns is not an error. */
    default void createBucket(String name) {
        S3Buckets.create(s3(), name);
    }

    /**
     * Creates a standard queue, or finds it if it exists.
     *
     * @return the queue URL
     */
    default String createQueue(String name) {
        return SqsQueues.create(sqs(), name);
    }

    /**
     * Creates a standard queue whose messages move to a dead-letter queue once they have been received
     * {@code maxReceiveCount} times without being deleted.
     *
     * @param deadLetterQueueUrl URL of an existing queue, typically from {@link #createQueue(String)}
     * @return the queue URL
     */
    default String createQueue(String name, String deadLetterQueueUrl, int maxReceiveCount) {
        return SqsQueues.createWithRedrive(sqs(), name, deadLetterQueueUrl, maxReceiveCount);
    }

    /** Creates a topic with replication factor 1 and waits until it is usable; an existing topic is left as is. */
    default void createTopic(String name, int partitions) {
        KafkaTopics.create(kafkaBootstrapServers(), name, partitions);
    }

    /**
     * Stops every service and releases the clients. Failures to stop are logged, not thrown, so that one service
     * that fails to stop does not leave the others running.
     */
    @Override
    void close();
}
