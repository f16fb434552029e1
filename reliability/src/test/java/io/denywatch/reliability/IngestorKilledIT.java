package io.denywatch.reliability;

import io.denywatch.analyzer.streams.Analyzer;
import io.denywatch.common.http.Health;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The ingestor killed with SIGKILL in the middle of a large file, then started again. */
@ExtendWith(RigExtension.class)
class IngestorKilledIT {

    @Test
    void everyDenialComesOutOnceAndTheCountsMatchTheGroundTruth(Rig rig) throws Exception {
        Instant start = Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.MINUTES);
        int large = 600_000;
        Corpus corpus = Corpus.generate(rig.dir.resolve("corpus"), start, new int[]{large, 3000, 3000, 3000}, 0.03, 40,
                42);
        Map<String, String> settings = rig.settings(Map.of());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        try (Analyzer analyzer = Analyzer.start(rig.config(Map.of()), registry, new Health())) {
            rig.deliver(corpus);
            double producedAtKill;
            try (IngestorProcess first = IngestorProcess.start(rig.stack, settings, rig.dir.resolve("ingest-1.log"))) {
                // Kill it once a good part, but not all, of the events are in.
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(20)).until(() -> {
                    if (!first.isAlive()) {
                        fail("the ingestor exited by itself:\n" + first.log());
                    }
                    // Kafka's own count: the ingestor's counter moves a file at a time.
                    return rig.size(rig.raw()) >= 0.2 * large;
                });
                first.kill();
                producedAtKill = rig.size(rig.raw());
                assertTrue(producedAtKill < 0.8 * large, "the kill came too late to land mid-file: "
                        + producedAtKill + " events already in (raw topic)");
            }
            assertTrue(rig.backlog() > 0, "the large file's message was still in work when the ingestor died");

            try (IngestorProcess second = IngestorProcess.start(rig.stack, settings, rig.dir.resolve("ingest-2.log"))) {
                // The killed ingestor's messages come back once their visibility runs out.
                await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    if (!second.isAlive()) {
                        fail("the second ingestor exited:\n" + second.log());
                    }
                    return rig.backlog() == 0;
                });
            }
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .until(() -> rig.consumed(rig.applicationId(), rig.raw()));

            Map<String, Integer> out = rig.awaitDenials(corpus);
            assertEquals(corpus.denials, out.keySet(), "every denial, and nothing else");
            assertEquals(List.of(), out.entrySet().stream().filter(e -> e.getValue() != 1).toList(),
                    "no denial twice");
            Rig.awaitCounts(corpus, List.of(analyzer));
            double duplicates = registry.get("denywatch.analyzer.duplicates.dropped").counter().count();
            long rawEvents = rig.size(rig.raw());
            assertTrue(rawEvents > corpus.events, "part of the large file was written twice: " + rawEvents
                    + " raw records for " + corpus.events + " events, " + producedAtKill + " in before the kill");
            assertTrue(duplicates > 0, "the repeated denials were dropped: " + duplicates);
            Report.record("ingestor killed mid-file", corpus, out, duplicates);
        }
    }
}
