package io.denywatch.analyzer.streams;

import io.denywatch.common.config.Config;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The store catalogue says what the topology really has: the same stores, used by the same processors, so laid out. */
class AnalyzerStoresTest {

    private final Config config = Config.of(Map.of("kafka.bootstrap.servers", "unused:9092"));
    private final Topology topology = AnalyzerTopology.build(AnalyzerPlan.from(config),
            new AnalyzerMetrics(new SimpleMeterRegistry()));

    @Test
    void everyStoreOfTheTopologyIsDeclaredWithTheProcessorsThatUseIt() {
        Map<String, Set<String>> used = new TreeMap<>();
        for (TopologyDescription.Subtopology sub : topology.describe().subtopologies()) {
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Processor p) {
                    p.stores().forEach(s -> used.computeIfAbsent(s, k -> new TreeSet<>()).add(p.name()));
                }
            }
        }
        Map<String, Set<String>> declared = AnalyzerStores.ALL.stream().collect(Collectors.toMap(
                AnalyzerStores.Store::name, s -> new TreeSet<>(s.processors()), (a, b) -> a, TreeMap::new));

        assertEquals(declared, used);
    }

    @Test
    void everyStoreIsLaidOutAsDeclared(@TempDir Path stateDir) {
        Properties props = Analyzer.properties(config);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        try (TopologyTestDriver driver = new TopologyTestDriver(topology, props)) {
            for (AnalyzerStores.Store<?, ?> store : AnalyzerStores.ALL) {
                String name = store.name();
                switch (store.kind()) {
                    case KEY_VALUE -> {
                        assertNotNull(driver.getKeyValueStore(name), name);
                        assertNull(driver.getTimestampedKeyValueStore(name), name);
                    }
                    case WINDOW -> {
                        assertNotNull(driver.getWindowStore(name), name);
                        assertNull(driver.getTimestampedWindowStore(name), name);
                    }
                    case TIMESTAMPED_WINDOW -> assertNotNull(driver.getTimestampedWindowStore(name), name);
                }
            }
        }
    }
}
