package io.denywatch.embedded;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Topic creation for a one-broker cluster, waiting until every partition has a leader. */
final class KafkaTopics {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final long POLL_MILLIS = 20;

    private KafkaTopics() {
    }

    static void create(String bootstrapServers, String name, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
        }
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "denywatch-local-stack-admin");
        try (Admin admin = Admin.create(config)) {
            createIfAbsent(admin, new NewTopic(name, partitions, (short) 1));
            awaitLeaders(admin, name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("Interrupted while creating topic " + name, e);
        }
    }

    private static void createIfAbsent(Admin admin, NewTopic topic) throws InterruptedException {
        try {
            admin.createTopics(List.of(topic)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new KafkaException("Cannot create topic " + topic.name(), e.getCause());
            }
        } catch (TimeoutException e) {
            throw new KafkaException("Timed out creating topic " + topic.name(), e);
        }
    }

    /**
     * The controller acknowledges a new topic once it is in the metadata log; the broker serves it a moment later.
     * Waiting here spares every producer and test its first UNKNOWN_TOPIC_OR_PARTITION retry.
     */
    private static void awaitLeaders(Admin admin, String name) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (allPartitionsLed(admin, name)) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
        }
        throw new KafkaException("Topic " + name + " has partitions without a leader after " + TIMEOUT);
    }

    private static boolean allPartitionsLed(Admin admin, String name) throws InterruptedException {
        try {
            TopicDescription description = admin.describeTopics(List.of(name))
                    .allTopicNames()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .get(name);
            return description.partitions().stream().allMatch(partition -> partition.leader() != null && !partition.leader().isEmpty());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false;
            }
            throw new KafkaException("Cannot describe topic " + name, e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaException("Timed out describing topic " + name, e);
        }
    }
}
