package io.denywatch.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import io.denywatch.analyzer.streams.Analyzer;
import io.denywatch.common.config.Config;
import io.denywatch.common.http.Health;
import io.denywatch.ingest.pipeline.IngestPipeline;
import io.denywatch.ingest.replay.Replayer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Analyzer instances coming and going: one restarted on an empty state directory (its state restored from the
 * changelog topics), and a second one joining (a rebalance moves tasks between them).
 */
@ExtendWith(RigExtension.class)
class AnalyzerInstancesIT {

    @Test
    void aRestartAndAJoiningInstanceLoseNoCountDoubleNoneAndReopenNoIncident(Rig rig) throws Exception {
        Corpus corpus = Corpus.generate(rig.dir.resolve("corpus"), BrokerRestartIT.start(),
                BrokerRestartIT.sizes(20, 5000), 0.03, 40, 9);
        List<Path> files = corpus.files.stream().map(Corpus.File::path).toList();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        Analyzer first = Analyzer.start(instance(rig, "a1"), registry, new Health());
        replay(rig, files.subList(0, 7), registry);
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .until(() -> rig.consumed(rig.applicationId(), rig.raw()));
        first.close();

        // The same instance back on an empty disk, and a second one joining it.
        Analyzer restarted = Analyzer.start(instance(rig, "a2"), registry, new Health());
        Analyzer joining = Analyzer.start(instance(rig, "b"), registry, new Health());
        try {
            replay(rig, files.subList(7, 14), registry);
            await().atMost(Duration.ofMinutes(2)).until(() -> running(restarted) && running(joining));
            replay(rig, files.subList(14, files.size()), registry);
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .until(() -> rig.consumed(rig.applicationId(), rig.raw()));

            Map<String, Integer> out = rig.awaitDenials(corpus);
            assertEquals(corpus.denials, out.keySet(), "every denial, and nothing else");
            assertEquals(List.of(), out.entrySet().stream().filter(e -> e.getValue() != 1).toList(),
                    "no denial twice");
            Rig.awaitCounts(corpus, List.of(restarted, joining));

            Map<String, Integer> opened = new HashMap<>();
            for (JsonNode spike : rig.readAll(rig.spikes())) {
                if ("OPEN".equals(spike.get("state").asText())) {
                    opened.merge(spike.get("incidentId").asText(), 1, Integer::sum);
                }
            }
            assertTrue(opened.size() >= 40, "every principal spiked: " + opened.size() + " incidents");
            assertEquals(List.of(), opened.entrySet().stream().filter(e -> e.getValue() > 1).toList(),
                    "an incident opened more than once");
            Report.record("analyzer restarted on an empty disk, second instance joined", corpus, out,
                    BrokerRestartIT.counter(registry, "denywatch.analyzer.duplicates.dropped"));
            Report.note("incidents across the restart and join", opened.size() + " opened, each once | | | | |");
        } finally {
            restarted.close();
            joining.close();
        }
    }

    private static Config instance(Rig rig, String name) throws Exception {
        return rig.config(Map.of("analyzer.state-dir", Files.createDirectories(rig.dir.resolve("state-" + name))
                .toString()));
    }

    private static void replay(Rig rig, List<Path> files, SimpleMeterRegistry registry) throws Exception {
        try (IngestPipeline pipeline = IngestPipeline.create(rig.config(Map.of()), registry)) {
            new Replayer(pipeline.files()).replayLocal(files, s -> { });
        }
    }

    private static boolean running(Analyzer analyzer) {
        return analyzer.streams().state() == KafkaStreams.State.RUNNING;
    }
}
