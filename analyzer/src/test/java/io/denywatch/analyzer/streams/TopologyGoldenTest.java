package io.denywatch.analyzer.streams;

import io.denywatch.common.config.Config;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The analyzer's topology as Kafka Streams describes it, against the checked-in description: every sub-topology,
 * processor, state store and repartition topic by name. A deployment finds its state by these names, so a change
 * here must be one someone meant.
 */
class TopologyGoldenTest {

    private static final String GOLDEN = "topology/analyzer-topology.txt";
    private static final Path GOLDEN_SOURCE = Path.of("src/test/resources", GOLDEN);
    private static final Path ACTUAL = Path.of("target", "analyzer-topology.actual.txt");
    /** Set to true to write the topology as it now is over the golden file. */
    private static final String UPDATE = "denywatch.topology.update";

    @Test
    void theTopologyIsTheCheckedInOne() throws IOException {
        String actual = AnalyzerTopology.build(AnalyzerPlan.from(Config.of(Map.of("kafka.bootstrap.servers",
                "unused:9092"))), new AnalyzerMetrics(new SimpleMeterRegistry())).describe().toString();
        boolean update = Boolean.getBoolean(UPDATE);
        if (update) {
            Files.createDirectories(GOLDEN_SOURCE.getParent());
            Files.writeString(GOLDEN_SOURCE, actual, StandardCharsets.UTF_8);
        }
        Files.createDirectories(ACTUAL.getParent());
        Files.writeString(ACTUAL, actual, StandardCharsets.UTF_8);

        assertEquals(update ? actual : golden(), actual, """
                The analyzer's topology is not the one in %s (this build's is in %s).
                Kafka Streams finds a deployment's state by name: a state store's name names its changelog topic \
                and its folder in the state directory, a repartition topic's name is its topic, and a \
                sub-topology's number is in its task ids. Renaming a store or a repartition topic, or \
                renumbering a sub-topology, makes an upgraded analyzer start that state empty (baselines, open \
                incidents, learning periods, remembered eventIDs, counts in flight), and leaves the old topics \
                behind.
                If the change is deliberate, say what an upgrade costs in the README's upgrade notes and \
                regenerate the golden file, then commit it:
                  ./mvnw -B -o -pl analyzer -am verify -Dtest=TopologyGoldenTest \
                -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=NONE -Dfailsafe.failIfNoSpecifiedTests=false \
                -D%s=true
                """.formatted(GOLDEN_SOURCE, ACTUAL, UPDATE));
    }

    private static String golden() throws IOException {
        try (InputStream in = TopologyGoldenTest.class.getResourceAsStream("/" + GOLDEN)) {
            assertNotNull(in, GOLDEN + " is missing: run with -D" + UPDATE + "=true to write it");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** {@code scan} keeps state in memory: the same stores under the same names, so the same topology. */
    @Test
    void stateInMemoryIsTheSameTopology() {
        AnalyzerPlan plan = AnalyzerPlan.from(Config.of(Map.of("kafka.bootstrap.servers", "unused:9092")));
        assertEquals(AnalyzerTopology.build(plan, new AnalyzerMetrics(new SimpleMeterRegistry())).describe().toString(),
                AnalyzerTopology.build(plan, new AnalyzerMetrics(new SimpleMeterRegistry()), StateStorage.IN_MEMORY)
                        .describe().toString());
    }
}
