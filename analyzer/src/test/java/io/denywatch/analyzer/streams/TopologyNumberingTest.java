package io.denywatch.analyzer.streams;

import io.denywatch.common.config.Config;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Task ids (and with them local state directories and transactional ids) are numbered by sub-topology: a new branch
 * must not renumber the sub-topologies deployments already run.
 */
class TopologyNumberingTest {

    @Test
    void theQueryCountsComeLastSoEarlierSubTopologiesKeepTheirNumbers() {
        TopologyDescription description = AnalyzerTopology.build(AnalyzerPlan.from(Config.of(Map.of(
                "kafka.bootstrap.servers", "unused:9092"))), new AnalyzerMetrics(new SimpleMeterRegistry())).describe();
        List<TopologyDescription.Subtopology> subs = description.subtopologies().stream()
                .sorted((a, b) -> Integer.compare(a.id(), b.id())).toList();

        assertEquals(3, subs.size());
        assertEquals(Set.of("cloudtrail.events"), sourceTopics(subs.get(0)));
        assertEquals(Set.of("denials-by-dimension-repartition"), sourceTopics(subs.get(1)));
        assertEquals(Set.of("denials-for-queries-repartition"), sourceTopics(subs.get(2)));
    }

    private static Set<String> sourceTopics(TopologyDescription.Subtopology sub) {
        return sub.nodes().stream().filter(n -> n instanceof TopologyDescription.Source)
                .map(n -> ((TopologyDescription.Source) n).topicSet()).findFirst().orElseThrow();
    }
}
