package io.denywatch.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import io.denywatch.analyzer.streams.Analyzer;
import io.denywatch.common.http.Health;
import io.denywatch.embedded.S3Faults;
import io.denywatch.ingest.Ingestor;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** S3 throttling and failing, SQS unreachable, and an object gone before it could be read. */
@ExtendWith(RigExtension.class)
class StorageFaultsIT {

    @AfterEach
    void healS3(Rig rig) {
        rig.stack.s3Faults().reset();
    }

    @Test
    void s3AnsweringSlowDownAndInternalErrorForAWhileDelaysButLosesNothing(Rig rig) throws Exception {
        Corpus corpus = Corpus.generate(rig.dir.resolve("corpus"), BrokerRestartIT.start(),
                BrokerRestartIT.sizes(12, 3000), 0.03, 30, 11);
        rig.stack.s3Faults().failNextGetObjects(15, S3Faults.Failure.SLOW_DOWN);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Analyzer analyzer = Analyzer.start(rig.config(Map.of()), registry, new Health());
             Ingestor ingestor = Ingestor.start(rig.config(Map.of("aws.max-attempts", "2")), registry,
                     new Health())) {
            rig.deliver(corpus);
            await().atMost(Duration.ofMinutes(1)).until(() -> rig.stack.s3Faults().getObjectFailuresServed() >= 15);
            rig.stack.s3Faults().failNextGetObjects(10, S3Faults.Failure.INTERNAL_ERROR);
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500)).until(() -> rig.backlog() == 0);
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .until(() -> rig.consumed(rig.applicationId(), rig.raw()));

            assertTrue(BrokerRestartIT.counter(registry, "denywatch.ingest.messages.retried") > 0,
                    "some files had to go back to the queue");
            Map<String, Integer> out = BrokerRestartIT.assertExactlyOnce(rig, corpus, analyzer);
            Report.record("S3 503 SlowDown x15, then 500 x10", corpus, out,
                    BrokerRestartIT.counter(registry, "denywatch.analyzer.duplicates.dropped"));
        }
    }

    @Test
    void sqsUnreachableForAWhileLosesNothing(Rig rig) throws Exception {
        Corpus corpus = Corpus.generate(rig.dir.resolve("corpus"), BrokerRestartIT.start(),
                BrokerRestartIT.sizes(12, 3000), 0.03, 30, 12);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TcpProxy sqs = new TcpProxy(rig.stack.sqsEndpoint());
             Analyzer analyzer = Analyzer.start(rig.config(Map.of()), registry, new Health());
             Ingestor ingestor = Ingestor.start(rig.config(Map.of("aws.sqs.endpoint", sqs.uri().toString(),
                     "aws.max-attempts", "1")), registry, new Health())) {
            sqs.cut();
            rig.deliver(corpus);
            // Unreachable until the ingestor has failed to reach it a few times.
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100))
                    .until(() -> BrokerRestartIT.counter(registry, "denywatch.ingest.sqs.errors") >= 3);
            sqs.restore();
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500)).until(() -> rig.backlog() == 0);
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .until(() -> rig.consumed(rig.applicationId(), rig.raw()));

            Map<String, Integer> out = BrokerRestartIT.assertExactlyOnce(rig, corpus, analyzer);
            Report.record("SQS unreachable (" + (long) BrokerRestartIT.counter(registry,
                    "denywatch.ingest.sqs.errors") + " failed calls)", corpus, out,
                    BrokerRestartIT.counter(registry, "denywatch.analyzer.duplicates.dropped"));
        }
    }

    @Test
    void anObjectDeletedBeforeItIsReadIsDeadLetteredAndEverythingElseArrives(Rig rig) throws Exception {
        Corpus corpus = Corpus.generate(rig.dir.resolve("corpus"), BrokerRestartIT.start(),
                BrokerRestartIT.sizes(6, 3000), 0.03, 30, 13);
        Corpus lost = Corpus.generate(rig.dir.resolve("lost"), BrokerRestartIT.start(), new int[]{2000}, 0.03, 30, 14);
        Corpus.File gone = lost.files.get(0);
        String goneKey = gone.key().replace("Fault00000000000", "Gone000000000000");
        rig.stack.s3().putObject(b -> b.bucket(rig.bucket).key(goneKey), gone.path());
        rig.notify(goneKey);
        rig.stack.s3().deleteObject(b -> b.bucket(rig.bucket).key(goneKey));
        rig.deliver(corpus);

        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Analyzer analyzer = Analyzer.start(rig.config(Map.of()), registry, new Health());
             Ingestor ingestor = Ingestor.start(rig.config(Map.of()), registry, new Health())) {
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500)).until(() -> rig.backlog() == 0);
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .until(() -> rig.consumed(rig.applicationId(), rig.raw()));

            Map<String, Integer> out = BrokerRestartIT.assertExactlyOnce(rig, corpus, analyzer);
            List<JsonNode> deadLetters = rig.readAll("ingest-dlq-" + rig.id);
            assertEquals(1, deadLetters.size(), deadLetters.toString());
            assertEquals("object_missing", deadLetters.get(0).get("reason").asText());
            assertTrue(deadLetters.get(0).get("source").asText().endsWith(goneKey), deadLetters.toString());
            Report.record("object deleted before it was read (dead-lettered)", corpus, out,
                    BrokerRestartIT.counter(registry, "denywatch.analyzer.duplicates.dropped"));
        }
    }
}
