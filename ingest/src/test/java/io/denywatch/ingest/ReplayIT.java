package io.denywatch.ingest;

import io.denywatch.common.json.Json;
import io.denywatch.embedded.LocalStack;
import io.denywatch.embedded.SampleLogFiles;
import io.denywatch.embedded.StackExtension;
import io.denywatch.ingest.pipeline.IngestPipeline;
import io.denywatch.ingest.replay.ReplaySummary;
import io.denywatch.ingest.replay.Replayer;
import io.denywatch.ingest.testing.IngestHarness;
import io.denywatch.ingest.testing.RealLogFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Replay feeds files into the raw topic without SQS, from S3 by delivery time or from a local folder. */
@ExtendWith(StackExtension.class)
class ReplayIT {

    private final IngestHarness harness;

    ReplayIT(LocalStack stack) {
        this.harness = new IngestHarness(stack);
    }

    @Test
    void fromS3OnlyTheFilesDeliveredInTheRangeAreRead() throws Exception {
        List<String> names = RealLogFiles.all();
        for (String name : names) {
            harness.put(SampleLogFiles.s3Key("trail", name), RealLogFiles.gzip(RealLogFiles.bytes(name)));
        }
        harness.put("trail/AWSLogs/218007301253/CloudTrail-Digest/us-east-1/2023/07/10/"
                + "218007301253_CloudTrail-Digest_us-east-1_t_us-east-1_20230710T120000Z.json.gz", new byte[]{1});
        // Delivery minutes 12:00 to 12:15 (exclusive): the files named ..._20230710T1200Z... to ...T1210Z...
        Instant from = Instant.parse("2023-07-10T12:00:00Z");
        Instant to = Instant.parse("2023-07-10T12:15:00Z");
        List<String> inRange = names.stream().filter(n -> {
            String stamp = n.split("_")[3];
            return stamp.compareTo("20230710T1200Z") >= 0 && stamp.compareTo("20230710T1215Z") < 0;
        }).toList();
        int expected = 0;
        for (String name : inRange) {
            expected += Json.mapper().readTree(RealLogFiles.bytes(name)).get("Records").size();
        }

        ReplaySummary summary;
        try (IngestPipeline pipeline = IngestPipeline.create(harness.config(), harness.registry)) {
            summary = new Replayer(pipeline.files()).replayS3(harness.stack.s3(), pipeline.s3(harness.stack.s3()),
                    harness.bucket, "trail", from, to, s -> { });
        }

        assertEquals(inRange.size(), summary.ingested());
        assertEquals(expected, summary.events());
        assertTrue(summary.failed().isEmpty());
        assertEquals(expected, harness.readAll(harness.rawTopic, expected, Duration.ofSeconds(60)).size());
    }

    @Test
    void fromALocalFolderGzipAndPlainFilesAreReadAndDamagedOnesDeadLettered(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("a.json"), RealLogFiles.bytes(RealLogFiles.all().get(0)));
        Files.createDirectories(dir.resolve("sub"));
        Files.write(dir.resolve("sub/b.json.gz"), RealLogFiles.gzip(RealLogFiles.bytes(RealLogFiles.all().get(1))));
        Files.writeString(dir.resolve("sub/broken.json"), "{\"Records\":[{\"eventID\":\"x\"}");
        Files.writeString(dir.resolve("notes.txt"), "not a log file");
        int expected = Json.mapper().readTree(RealLogFiles.bytes(RealLogFiles.all().get(0))).get("Records").size()
                + Json.mapper().readTree(RealLogFiles.bytes(RealLogFiles.all().get(1))).get("Records").size();

        ReplaySummary summary;
        try (IngestPipeline pipeline = IngestPipeline.create(harness.config(), harness.registry)) {
            summary = new Replayer(pipeline.files()).replayLocal(Replayer.localFiles(dir), s -> { });
        }

        assertEquals(3, summary.files());
        assertEquals(2, summary.ingested());
        assertEquals(1, summary.deadLettered());
        // The broken file's one complete record was already passed on before the damage.
        assertEquals(expected + 1, harness.readAll(harness.rawTopic, expected + 1, Duration.ofSeconds(60)).size());
        assertEquals(1, harness.readAll(harness.dlqTopic, 1, Duration.ofSeconds(30)).size());
    }
}
