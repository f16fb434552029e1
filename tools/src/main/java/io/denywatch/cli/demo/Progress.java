package io.denywatch.cli.demo;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** How far the roles have got, read from Kafka itself: what each consumer group has committed of a topic. */
final class Progress implements AutoCloseable {

    private final Admin admin;

    Progress(String bootstrapServers) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /** Messages in the topic, all partitions. */
    long size(String topic) throws Exception {
        return ends(topic).values().stream().mapToLong(Long::longValue).sum();
    }

    /** True when {@code group} has committed every message of {@code topic}. */
    boolean consumed(String group, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        for (Map.Entry<TopicPartition, Long> end : ends(topic).entrySet()) {
            OffsetAndMetadata at = committed.get(end.getKey());
            if (end.getValue() > 0 && (at == null || at.offset() < end.getValue())) {
                return false;
            }
        }
        return true;
    }

    private Map<TopicPartition, Long> ends(String topic) throws Exception {
        TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                .get(30, TimeUnit.SECONDS).get(topic);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        description.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()),
                OffsetSpec.latest()));
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS)
                .forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    /** Checks {@code condition} every 200 ms until it holds; fails after {@code timeout}. */
    static void await(String what, Duration timeout, Check condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the demo did not get this far in " + timeout.toSeconds() + " s: "
                        + what);
            }
            Thread.sleep(200);
        }
    }

    /** A condition that may need Kafka to answer. */
    @FunctionalInterface
    interface Check {
        boolean holds() throws Exception;

        static Check of(BooleanSupplier supplier) {
            return supplier::getAsBoolean;
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
