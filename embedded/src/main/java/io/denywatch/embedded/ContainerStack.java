package io.denywatch.embedded;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The local stack in Docker containers: the Apache Kafka image (KRaft, one node) and LocalStack serving S3 and SQS.
 *
 * <p>It offers only what {@link LocalStack} promises: the broker cannot be stopped and restarted on the same port,
 * and S3 faults cannot be injected, so tests that need those levers require an {@link EmbeddedStack}.
 *
 * <p>Used where a Docker engine is available, to run the same tests against a broker and AWS emulation that live
 * outside the test JVM. Needs Testcontainers on the classpath; {@link LocalStacks} only loads this class when it
 * is chosen. The images can be overridden with the system properties {@value #KAFKA_IMAGE_PROPERTY} and
 * {@value #LOCALSTACK_IMAGE_PROPERTY}.
 */
public final class ContainerStack implements LocalStack {

    /** The value of {@link #name()}. */
    public static final String NAME = "testcontainers";

    /** System property naming the Kafka image. */
    public static final String KAFKA_IMAGE_PROPERTY = "denywatch.kafka.image";

    /** System property naming the LocalStack image. */
    public static final String LOCALSTACK_IMAGE_PROPERTY = "denywatch.localstack.image";

    private static final String DEFAULT_KAFKA_IMAGE = "apache/kafka:4.1.0";

    /** Pinned: newer LocalStack images may require an account token, which CI does not have. */
    private static final String DEFAULT_LOCALSTACK_IMAGE = "localstack/localstack:4.4.0";

    private static final Logger LOG = LoggerFactory.getLogger(ContainerStack.class);

    private final KafkaContainer kafka;
    private final LocalStackContainer aws;
    private final AwsCredentialsProvider credentials;
    private final S3Client s3;
    private final SqsClient sqs;

    private ContainerStack(KafkaContainer kafka, LocalStackContainer aws) {
        this.kafka = kafka;
        this.aws = aws;
        this.credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(aws.getAccessKey(), aws.getSecretKey()));
        this.s3 = AwsClients.s3(aws.getEndpoint(), REGION, credentials);
        this.sqs = AwsClients.sqs(aws.getEndpoint(), REGION, credentials);
    }

    /** Whether Testcontainers can reach a Docker engine. */
    public static boolean dockerAvailable() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    /** Starts both containers in parallel; returns once Kafka and LocalStack are ready. */
    public static ContainerStack start() {
        long started = System.nanoTime();
        KafkaContainer kafka = new KafkaContainer(image(KAFKA_IMAGE_PROPERTY, DEFAULT_KAFKA_IMAGE, "apache/kafka"))
                // The same contract as the embedded broker: topics are created on purpose.
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
        LocalStackContainer aws = new LocalStackContainer(
                image(LOCALSTACK_IMAGE_PROPERTY, DEFAULT_LOCALSTACK_IMAGE, "localstack/localstack"))
                .withServices("s3", "sqs");
        try {
            Startables.deepStart(kafka, aws).join();
        } catch (CompletionException e) {
            // One container may be up when the other failed; leave neither behind.
            Closer.closeAll(LOG, kafka, aws);
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        ContainerStack stack = new ContainerStack(kafka, aws);
        LOG.info("Container stack started in {} ms: kafka {}, aws {}",
                Duration.ofNanos(System.nanoTime() - started).toMillis(), stack.kafkaBootstrapServers(),
                aws.getEndpoint());
        return stack;
    }

    /** The image named by {@code property}, which may be a mirror of {@code official} under another name. */
    private static DockerImageName image(String property, String defaultImage, String official) {
        return DockerImageName.parse(System.getProperty(property, defaultImage)).asCompatibleSubstituteFor(official);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafka.getBootstrapServers();
    }

    @Override
    public URI s3Endpoint() {
        return aws.getEndpoint();
    }

    @Override
    public URI sqsEndpoint() {
        return aws.getEndpoint();
    }

    @Override
    public AwsCredentialsProvider credentials() {
        return credentials;
    }

    @Override
    public S3Client s3() {
        return s3;
    }

    @Override
    public SqsClient sqs() {
        return sqs;
    }

    /** Closes the clients and stops both containers. */
    @Override
    public void close() {
        Closer.closeAll(LOG, s3, sqs, aws, kafka);
    }
}
