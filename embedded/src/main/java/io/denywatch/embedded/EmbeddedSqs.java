package io.denywatch.embedded;

import java.net.URI;
import org.apache.pekko.http.scaladsl.Http;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An SQS API on a free loopback port, served by ElasticMQ in this JVM.
 *
 * <p>ElasticMQ answers both the JSON protocol of current AWS SDKs and the older query protocol, applies SQS's strict
 * limits, and implements visibility timeouts and redrive policies with dead-letter queues. It does not check
 * request signatures. Queues live in memory and are gone on close.
 */
public final class EmbeddedSqs implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSqs.class);

    /**
     * Queue URLs are built from the address each request was sent to. The port is only known after binding, and
     * ElasticMQ records a dynamically bound port asynchronously, so a queue created right after start could otherwise
     * get a URL with port 0.
     */
    private static final NodeAddress ADDRESS_FROM_REQUEST = new NodeAddress("http", "*", 0, "");

    private final SQSRestServer server;
    private final int port;
    private boolean closed;

    private EmbeddedSqs(SQSRestServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Starts ElasticMQ on a free port; returns once it accepts connections. */
    public static EmbeddedSqs start() {
        long started = System.nanoTime();
        SQSRestServer server = SQSRestServerBuilder
                .withInterface("127.0.0.1")
                .withPort(0)
                .withServerAddress(ADDRESS_FROM_REQUEST)
                .withAWSRegion(LocalStack.REGION)
                .start();
        Http.ServerBinding binding;
        try {
            binding = server.waitUntilStarted();
        } catch (Exception e) {
            // A bind failure arrives as a BindException, checked in Java but undeclared by Scala.
            server.stopAndWait();
            throw new IllegalStateException("ElasticMQ did not start", e);
        }
        EmbeddedSqs sqs = new EmbeddedSqs(server, binding.localAddress().getPort());
        LOG.info("SQS started on {} in {} ms", sqs.endpoint(), (System.nanoTime() - started) / 1_000_000);
        return sqs;
    }

    /** {@code http://127.0.0.1:port}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Unbinds the port and terminates ElasticMQ's actor system, whose threads would otherwise keep the JVM up. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.stopAndWait();
        } catch (Exception e) {
            // Scala's Await may throw a TimeoutException that Java does not see declared.
            LOG.warn("ElasticMQ did not stop cleanly", e);
        }
    }
}
