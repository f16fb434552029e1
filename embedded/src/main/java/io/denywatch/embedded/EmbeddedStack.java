package io.denywatch.embedded;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The whole local stack in this JVM, with no Docker: a KRaft Kafka node ({@link EmbeddedKafka}), S3Proxy
 * ({@link EmbeddedS3}) and ElasticMQ ({@link EmbeddedSqs}), each on a free loopback port.
 *
 * <p>Beyond {@link LocalStack}, it gives tests the levers only an in-process stack has: {@link #kafka()} to stop and
 * restart the broker, and {@link #s3Faults()} to slow down or fail S3 reads.
 */
public final class EmbeddedStack implements LocalStack {

    /** The value of {@link #name()}. */
    public static final String NAME = "embedded";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStack.class);

    private final EmbeddedKafka kafka;
    private final EmbeddedS3 s3Server;
    private final EmbeddedSqs sqsServer;
    private final S3Client s3;
    private final SqsClient sqs;
    private final Duration startupTime;
    private boolean closed;

    private EmbeddedStack(AwsServers aws, EmbeddedKafka kafka, Duration startupTime) {
        this.kafka = kafka;
        this.s3Server = aws.s3();
        this.sqsServer = aws.sqs();
        this.s3 = AwsClients.s3(s3Server.endpoint(), REGION, AwsClients.STATIC_CREDENTIALS);
        this.sqs = AwsClients.sqs(sqsServer.endpoint(), REGION, AwsClients.STATIC_CREDENTIALS);
        this.startupTime = startupTime;
    }

    /** Starts the stack with objects held in memory. */
    public static EmbeddedStack start() {
        return start(S3Store.TRANSIENT);
    }

    /** Starts the stack with objects held in the given store; returns once every service accepts requests. */
    public static EmbeddedStack start(S3Store store) {
        long started = System.nanoTime();
        // Kafka takes longest; S3 and SQS come up beside it so the stack is ready when the broker is.
        CompletableFuture<AwsServers> aws = CompletableFuture.supplyAsync(() -> AwsServers.start(store),
                EmbeddedStack::startInNewThread);
        EmbeddedKafka kafka;
        try {
            kafka = EmbeddedKafka.start();
        } catch (RuntimeException e) {
            aws.thenAccept(AwsServers::close);
            throw e;
        }
        AwsServers servers;
        try {
            servers = aws.join();
        } catch (CompletionException e) {
            kafka.close();
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        EmbeddedStack stack = new EmbeddedStack(servers, kafka, Duration.ofNanos(System.nanoTime() - started));
        LOG.info("Embedded stack started in {} ms: kafka {}, s3 {}, sqs {}", stack.startupTime.toMillis(),
                stack.kafkaBootstrapServers(), stack.s3Endpoint(), stack.sqsEndpoint());
        return stack;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    @Override
    public URI s3Endpoint() {
        return s3Server.endpoint();
    }

    @Override
    public URI sqsEndpoint() {
        return sqsServer.endpoint();
    }

    @Override
    public AwsCredentialsProvider credentials() {
        return AwsClients.STATIC_CREDENTIALS;
    }

    @Override
    public S3Client s3() {
        return s3;
    }

    @Override
    public SqsClient sqs() {
        return sqs;
    }

    /** The broker, to stop and restart it under a running client. */
    public EmbeddedKafka kafka() {
        return kafka;
    }

    /** Faults injected into S3 GetObject requests; off until set. */
    public S3Faults s3Faults() {
        return s3Server.faults();
    }

    /** Where S3 objects are kept. */
    public S3Store s3Store() {
        return s3Server.store();
    }

    /** How long {@link #start(S3Store)} took, from the call until every service accepted requests. */
    public Duration startupTime() {
        return startupTime;
    }

    /** Closes the clients, then SQS, S3 and Kafka, going on past any that fails to stop. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        Closer.closeAll(LOG, s3, sqs, sqsServer, s3Server, kafka);
    }

    /**
     * A thread of its own rather than the common pool: it inherits the caller's context class loader, which
     * ElasticMQ's configuration loading relies on, and it is gone once the services are up.
     */
    private static void startInNewThread(Runnable task) {
        Thread thread = new Thread(task, "denywatch-stack-start");
        thread.setDaemon(true);
        thread.start();
    }

    /** S3 and SQS, started together on one thread while Kafka starts on another. */
    private record AwsServers(EmbeddedS3 s3, EmbeddedSqs sqs) {

        static AwsServers start(S3Store store) {
            EmbeddedS3 s3 = EmbeddedS3.start(store);
            try {
                return new AwsServers(s3, EmbeddedSqs.start());
            } catch (RuntimeException e) {
                s3.close();
                throw e;
            }
        }

        void close() {
            Closer.closeAll(LOG, sqs, s3);
        }
    }
}
