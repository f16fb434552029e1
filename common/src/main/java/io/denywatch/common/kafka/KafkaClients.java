package io.denywatch.common.kafka;

import io.denywatch.common.config.Config;
import io.denywatch.common.config.ConfigException;
import org.apache.kafka.clients.CommonClientConfigs;

import java.util.HashMap;
import java.util.Map;

/** Client properties every Kafka client of denywatch starts from: the pass-through {@code kafka.*} settings. */
public final class KafkaClients {

    private KafkaClients() {
    }

    /**
     * The configured Kafka properties with a client id; fails when no bootstrap servers are set.
     */
    public static Map<String, Object> common(Config config, String clientId) {
        Map<String, Object> props = new HashMap<>(config.kafkaProperties());
        if (!props.containsKey(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
            throw new ConfigException("kafka.bootstrap.servers: required, but not set (set kafka.bootstrap.servers"
                    + " in the configuration file or the environment variable KAFKA_BOOTSTRAP_SERVERS)");
        }
        props.putIfAbsent(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        return props;
    }
}
