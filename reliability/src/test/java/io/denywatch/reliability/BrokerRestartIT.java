package io.denywatch.reliability;

import io.denywatch.analyzer.streams.Analyzer;
import io.denywatch.common.http.Health;
import io.denywatch.ingest.Ingestor;
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

/** The Kafka broker stopped and started again, once while files are being ingested and once while they are judged. */
@ExtendWith(RigExtension.class)
class BrokerRestartIT {

    @Test
    void aBrokerOutageDuringIngestionLosesNothingAndCountsNothingTwice(Rig rig) throws Exception {
        Corpus corpus = Corpus.generate(rig.dir.resolve("corpus"), start(), sizes(30, 5000), 0.03, 40, 7);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Analyzer analyzer = Analyzer.start(rig.config(Map.of()), registry, new Health());
             Ingestor ingestor = Ingestor.start(rig.config(Map.of()), registry, new Health())) {
            rig.deliver(corpus);
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20))
                    .until(() -> rig.size(rig.raw()) >= corpus.events / 4);
            double extendedBefore = counter(registry, "denywatch.ingest.visibility.extended");
            rig.stack.kafka().stop();
            // The outage lasts until the ingestor has had to keep a message in work through it: a visibility renewal
            // (every 2 s here) happens only while a file waits on Kafka.
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100))
                    .until(() -> counter(registry, "denywatch.ingest.visibility.extended") > extendedBefore);
            rig.stack.kafka().restart();

            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500)).until(() -> rig.backlog() == 0);
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .until(() -> rig.consumed(rig.applicationId(), rig.raw()));
            Map<String, Integer> out = assertExactlyOnce(rig, corpus, analyzer);
            Report.record("broker restarted during ingestion", corpus, out,
                    counter(registry, "denywatch.analyzer.duplicates.dropped"));
        }
    }

    @Test
    void aBrokerOutageDuringAnalysisLosesNothingAndCountsNothingTwice(Rig rig) throws Exception {
        Corpus corpus = Corpus.generate(rig.dir.resolve("corpus"), start(), sizes(30, 5000), 0.03, 40, 8);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Ingestor ingestor = Ingestor.start(rig.config(Map.of()), registry, new Health())) {
            rig.deliver(corpus);
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500)).until(() -> rig.backlog() == 0);
        }
        try (Analyzer analyzer = Analyzer.start(rig.config(Map.of()), registry, new Health())) {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20))
                    .until(() -> counter(registry, "denywatch.analyzer.events") >= corpus.events / 4);
            rig.stack.kafka().stop();
            // Here the fault is the time itself: three seconds without a broker in the middle of transactions.
            await().pollDelay(Duration.ofSeconds(3)).until(() -> true);
            rig.stack.kafka().restart();

            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .until(() -> rig.consumed(rig.applicationId(), rig.raw()));
            Map<String, Integer> out = assertExactlyOnce(rig, corpus, analyzer);
            Report.record("broker restarted during analysis", corpus, out,
                    counter(registry, "denywatch.analyzer.duplicates.dropped"));
        }
    }

    static Map<String, Integer> assertExactlyOnce(Rig rig, Corpus corpus, Analyzer analyzer) throws Exception {
        Map<String, Integer> out = rig.awaitDenials(corpus);
        assertEquals(corpus.denials, out.keySet(), "every denial, and nothing else");
        assertEquals(List.of(), out.entrySet().stream().filter(e -> e.getValue() != 1).toList(), "no denial twice");
        Rig.awaitCounts(corpus, List.of(analyzer));
        return out;
    }

    static Instant start() {
        return Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.MINUTES);
    }

    static int[] sizes(int files, int events) {
        int[] sizes = new int[files];
        java.util.Arrays.fill(sizes, events);
        return sizes;
    }

    static double counter(SimpleMeterRegistry registry, String name) {
        return registry.find(name).counters().stream().mapToDouble(c -> c.count()).sum();
    }
}
