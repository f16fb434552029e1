package io.denywatch.common.kafka;

import io.denywatch.common.config.Setting;

import java.util.List;

/**
 * How the topics denywatch uses are created when missing. Their names, serdes and schemas are declared with the
 * contract ({@code io.denywatch.contract.Topics}).
 */
public final class TopicCreation {

    public static final Setting<Boolean> CREATE = Setting.bool("topics.create", true,
            "Create missing topics at start (turn off where topics are managed elsewhere).");
    public static final Setting<Integer> PARTITIONS = Setting.integer("topics.partitions", 6, 1, 10_000,
            "Partitions of topics created at start: the most analyzer instances that can share the work.");
    public static final Setting<Integer> REPLICATION_FACTOR = Setting.integer("topics.replication-factor", -1, -1,
            32, "Replication factor of topics created at start; -1 takes the broker's default.");

    public static final List<Setting<?>> ALL = List.of(CREATE, PARTITIONS, REPLICATION_FACTOR);

    private TopicCreation() {
    }
}
