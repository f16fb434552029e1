package io.denywatch.embedded;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The configuration of a single combined broker and controller on loopback, sized for a two-core test machine and
 * for exactly-once processing with one replica.
 */
final class KafkaNodeConfig {

    static final int NODE_ID = 1;
    static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String BROKER_LISTENER = "PLAINTEXT";
    private static final String HOST = "127.0.0.1";

    private KafkaNodeConfig() {
    }

    static Map<String, String> of(Path logDir, int brokerPort, int controllerPort) {
        Map<String, String> config = new HashMap<>();
        config.put("process.roles", "broker,controller");
        config.put("node.id", Integer.toString(NODE_ID));
        // A static voter set lets the only voter elect itself at once, without a dynamic-quorum bootstrap.
        config.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        config.put("controller.listener.names", CONTROLLER_LISTENER);
        config.put("listeners",
                BROKER_LISTENER + "://" + HOST + ":" + brokerPort + "," + CONTROLLER_LISTENER + "://" + HOST + ":"
                        + controllerPort);
        config.put("advertised.listeners", BROKER_LISTENER + "://" + HOST + ":" + brokerPort);
        config.put("inter.broker.listener.name", BROKER_LISTENER);
        config.put("listener.security.protocol.map",
                BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        config.put("log.dirs", logDir.toString());

        // One broker: every internal topic gets one replica, and one in-sync replica is enough to commit.
        config.put("default.replication.factor", "1");
        config.put("min.insync.replicas", "1");
        config.put("offsets.topic.replication.factor", "1");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        config.put("share.coordinator.state.topic.replication.factor", "1");
        config.put("share.coordinator.state.topic.min.isr", "1");
        // Fewer internal partitions make the first consumer group and the first transaction come up faster.
        config.put("offsets.topic.num.partitions", "1");
        config.put("transaction.state.log.num.partitions", "1");
        config.put("num.partitions", "1");

        // Topics are created on purpose, so a typo in a topic name fails instead of silently making a new topic.
        config.put("auto.create.topics.enable", "false");
        config.put("group.initial.rebalance.delay.ms", "0");
        // The broker is unfenced on a heartbeat; a shorter interval shortens startup and restart.
        config.put("broker.heartbeat.interval.ms", "500");

        // Threads and buffers sized for a laptop or CI runner rather than a production host.
        config.put("num.network.threads", "2");
        config.put("num.io.threads", "2");
        config.put("background.threads", "2");
        config.put("num.recovery.threads.per.data.dir", "1");
        config.put("group.coordinator.threads", "1");
        config.put("share.coordinator.threads", "1");
        config.put("log.cleaner.threads", "1");
        config.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
        return config;
    }
}
