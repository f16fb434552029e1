package io.denywatch.common.kafka;

import io.denywatch.common.config.Config;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Creates the topics a role writes when they are missing, so a first start needs no manual step. */
public final class TopicInitializer {

    private static final Logger LOG = LoggerFactory.getLogger(TopicInitializer.class);

    private TopicInitializer() {
    }

    /**
     * Creates whichever of the named topics do not exist, with the configured partitions and replication.
     *
     * @param topicConfigs per topic, extra topic settings (for example {@code cleanup.policy=compact}); may be empty
     */
    public static void ensure(Config config, Collection<String> topics, Map<String, Map<String, String>> topicConfigs) {
        if (!config.get(TopicCreation.CREATE)) {
            return;
        }
        Map<String, Object> props = KafkaClients.common(config, "denywatch-admin");
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : topics) {
                if (!existing.contains(topic)) {
                    int rf = config.get(TopicCreation.REPLICATION_FACTOR);
                    NewTopic t = new NewTopic(topic, Optional.of(config.get(TopicCreation.PARTITIONS)),
                            rf < 0 ? Optional.empty() : Optional.of((short) rf));
                    t.configs(topicConfigs.getOrDefault(topic, Map.of()));
                    missing.add(t);
                }
            }
            if (missing.isEmpty()) {
                return;
            }
            for (var entry : admin.createTopics(missing).values().entrySet()) {
                try {
                    entry.getValue().get(60, TimeUnit.SECONDS);
                    LOG.info("Created topic {}", entry.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            awaitLeaders(admin, missing.stream().map(NewTopic::name).toList());
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create topics " + topics + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    /**
     * Waits until the broker serving metadata knows a leader for every partition of the new topics. A topic is
     * created once the controller has it, but a broker learns of it a moment later; a producer that writes in that
     * moment gets "not leader" errors, and an idempotent one can lose its sequence on a brand-new partition.
     */
    private static void awaitLeaders(Admin admin, List<String> topics) throws InterruptedException,
            ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long pauseMs = 5;
        while (true) {
            try {
                boolean ready = admin.describeTopics(topics).allTopicNames().get(60, TimeUnit.SECONDS).values()
                        .stream().flatMap(d -> d.partitions().stream()).allMatch(p -> p.leader() != null);
                if (ready) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("no leader yet for every partition of " + topics);
            }
            Thread.sleep(pauseMs);
            pauseMs = Math.min(pauseMs * 2, 500);
        }
    }
}
