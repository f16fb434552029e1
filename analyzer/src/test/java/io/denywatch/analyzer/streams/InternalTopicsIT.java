package io.denywatch.analyzer.streams;

import io.denywatch.common.config.Config;
import io.denywatch.common.http.Health;
import io.denywatch.embedded.LocalStack;
import io.denywatch.embedded.StackExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The changelog and repartition topics a running analyzer makes on a real broker. Their names are how a restarted or
 * upgraded analyzer finds its state, and what ACLs and monitoring name, so they are pinned here by name.
 */
@ExtendWith(StackExtension.class)
class InternalTopicsIT {

    /** Each after the application id and a dash; every one of them is state an upgrade must keep. */
    private static final Set<String> INTERNAL_TOPICS = Set.of(
            "dedupe-event-ids-changelog",
            "denial-slices-changelog",
            "spike-state-changelog",
            "open-incidents-changelog",
            "learning-started-changelog",
            "query-counts-changelog",
            "denials-by-dimension-repartition",
            "denials-for-queries-repartition");

    @Test
    void aRunningAnalyzerHasExactlyThePinnedInternalTopics(LocalStack stack, @TempDir Path dir) throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String applicationId = "analyzer-" + id;
        Map<String, String> settings = new HashMap<>();
        settings.put("kafka.bootstrap.servers", stack.kafkaBootstrapServers());
        settings.put("topics.raw", "raw-" + id);
        settings.put("topics.denials", "denials-" + id);
        settings.put("topics.spikes", "spikes-" + id);
        settings.put("topics.analyzer-dlq", "analyzer-dlq-" + id);
        settings.put("topics.partitions", "3");
        settings.put("analyzer.application-id", applicationId);
        settings.put("analyzer.state-dir", dir.resolve("state").toString());

        try (Analyzer analyzer = Analyzer.start(Config.of(settings), new SimpleMeterRegistry(), new Health());
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                     stack.kafkaBootstrapServers()))) {
            await("the analyzer running").atMost(Duration.ofSeconds(60))
                    .until(() -> analyzer.streams().state() == KafkaStreams.State.RUNNING);

            Set<String> internal = new TreeSet<>();
            for (String topic : admin.listTopics().names().get()) {
                if (topic.startsWith(applicationId + "-")) {
                    internal.add(topic.substring(applicationId.length() + 1));
                }
            }
            assertEquals(new TreeSet<>(INTERNAL_TOPICS), internal, """
                    The analyzer's internal topics changed. A changelog is named after its state store and a \
                    repartition topic after its operation: an analyzer whose names changed starts that state empty \
                    after an upgrade and leaves the old topics behind. If the change is deliberate, update this list \
                    and the README's upgrade notes (see TopologyGoldenTest for the topology itself).""");
        }
    }
}
