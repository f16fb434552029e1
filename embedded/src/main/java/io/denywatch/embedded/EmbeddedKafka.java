package io.denywatch.embedded;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka cluster in this JVM: one KRaft process acting as broker and controller, listening on
 * 127.0.0.1, with its log in a temporary directory that {@link #close()} deletes.
 *
 * <p>Every internal topic has one replica and a minimum ISR of one, so idempotent and transactional producers work
 * against it. Topics are not created automatically; use {@link #createTopic(String, int)}.
 *
 * <p>{@link #stop()} and {@link #restart()} take the broker down and bring it back on the same port with the same
 * log, which is what a client sees when a real broker restarts. The ports are chosen before the first start
 * because a KRaft node names its own controller port in its quorum configuration and its broker port in the
 * advertised listener, and because clients reconnect to the address they bootstrapped from.
 *
 * <p>The broker logs through slf4j and is chatty at INFO; set the {@code kafka} and {@code org.apache.kafka}
 * loggers to WARN in the application's logging configuration.
 *
 * <p>It runs with Kafka's standard fault handling: a fatal fault, such as the log directory's disk filling up,
 * halts the JVM as it would halt a real broker.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    private final Path logDir;
    private final int port;
    private final Map<String, String> config;

    private KafkaRaftServer server;
    private boolean closed;

    private EmbeddedKafka(Path logDir, int port, int controllerPort) {
        this.logDir = logDir;
        this.port = port;
        this.config = KafkaNodeConfig.of(logDir, port, controllerPort);
    }

    /** Formats a fresh log directory and starts the node; returns once the broker accepts requests. */
    public static EmbeddedKafka start() {
        int[] ports = FreePorts.pick(2);
        EmbeddedKafka kafka = new EmbeddedKafka(TempDirs.create("denywatch-kafka-"), ports[0], ports[1]);
        try {
            kafka.format();
            kafka.startServer();
            return kafka;
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
    }

    /** {@code 127.0.0.1:port}; the same for the whole life of this object, across restarts. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** The broker's port. */
    public int port() {
        return port;
    }

    /** The directory holding the metadata and topic logs. */
    public Path logDir() {
        return logDir;
    }

    /** Whether the node is up; false between {@link #stop()} and {@link #restart()}. */
    public synchronized boolean isRunning() {
        return server != null;
    }

    /** Creates a topic with one replica and waits until every partition has a leader. */
    public void createTopic(String name, int partitions) {
        KafkaTopics.create(bootstrapServers(), name, partitions);
    }

    /**
     * Shuts the node down cleanly (a controlled shutdown, so partitions are closed, not crashed) and keeps its log.
     * Clients see the broker disappear; does nothing if it is already stopped.
     *
     * <p>As with any one-broker cluster, a producer may then block in {@code send()} for up to
     * {@code max.block.ms}: a broker in controlled shutdown can answer a metadata refresh without the topic, and
     * the producer waits for the topic to reappear.
     */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        KafkaRaftServer stopping = server;
        server = null;
        stopping.shutdown();
        stopping.awaitShutdown();
        LOG.info("Kafka stopped on {}", bootstrapServers());
    }

    /** Stops the node if it runs, then starts it again on the same port from the same log. */
    public synchronized void restart() {
        if (closed) {
            throw new IllegalStateException("Kafka was closed");
        }
        stop();
        startServer();
    }

    /** Stops the node and deletes its log directory. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stop();
        } catch (RuntimeException e) {
            LOG.warn("Kafka did not shut down cleanly", e);
        } finally {
            TempDirs.deleteRecursively(logDir);
        }
    }

    private void format() {
        // The formatter reports progress on a PrintStream meant for the command line; discard it.
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
        Formatter formatter = new Formatter()
                .setPrintStream(discard)
                .setNodeId(KafkaNodeConfig.NODE_ID)
                .setClusterId(Uuid.randomUuid().toString())
                .setControllerListenerName(KafkaNodeConfig.CONTROLLER_LISTENER)
                .setMetadataLogDirectory(logDir.toString())
                .addDirectory(logDir.toString())
                .setReleaseVersion(MetadataVersion.latestProduction())
                .setHasDynamicQuorum(false);
        try {
            formatter.run();
        } catch (Exception e) {
            throw new KafkaException("Cannot format " + logDir, e);
        }
    }

    private void startServer() {
        long started = System.nanoTime();
        KafkaRaftServer starting = new KafkaRaftServer(new KafkaConfig(config, false), Time.SYSTEM);
        try {
            // Returns once the broker is unfenced and its listeners accept connections.
            starting.startup();
        } catch (RuntimeException e) {
            starting.shutdown();
            starting.awaitShutdown();
            throw e;
        }
        server = starting;
        LOG.info("Kafka started on {} in {} ms", bootstrapServers(), (System.nanoTime() - started) / 1_000_000);
    }
}
