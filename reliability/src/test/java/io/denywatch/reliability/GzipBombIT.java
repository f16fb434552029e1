package io.denywatch.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A gzip bomb — about a megabyte that inflates to 1 GiB — next to ordinary files, read by an ingestor process with
 * a 256 MB heap and a 256 MB decompressed-size bound: the bomb is refused by the bound and dead-lettered, the process
 * stays up, and every event of the ordinary files arrives. (Reading is streamed, so memory is never the limit; the
 * bound keeps a bomb from costing minutes of CPU.)
 */
@ExtendWith(RigExtension.class)
class GzipBombIT {

    @Test
    void aBombIsRefusedWithoutExhaustingA256MbHeapAndTheGoodFilesArrive(Rig rig) throws Exception {
        Corpus corpus = Corpus.generate(rig.dir.resolve("corpus"), BrokerRestartIT.start(),
                BrokerRestartIT.sizes(4, 5000), 0.03, 20, 21);
        Path bomb = rig.dir.resolve("bomb.json.gz");
        byte[] spaces = new byte[1 << 20];
        Arrays.fill(spaces, (byte) ' ');
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(bomb), 1 << 16)) {
            out.write("{\"Records\":[".getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 1024; i++) {
                out.write(spaces);
            }
            out.write("]}".getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(Files.size(bomb) < 4 << 20, "a bomb is small: " + Files.size(bomb));
        String bombKey = corpus.files.get(0).key().replace("Fault00000000000", "Bomb000000000000");
        rig.stack.s3().putObject(b -> b.bucket(rig.bucket).key(bombKey), bomb);
        rig.notify(bombKey);
        rig.deliver(corpus);

        try (IngestorProcess ingest = IngestorProcess.start(rig.stack,
                rig.settings(Map.of("ingest.max-file-size", "256MB")), rig.dir.resolve("ingest.log"))) {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
                if (!ingest.isAlive()) {
                    fail("the ingestor died:\n" + ingest.log());
                }
                return rig.backlog() == 0;
            });
            assertTrue(ingest.isAlive());
        }
        assertEquals(corpus.events, rig.size(rig.raw()), "every event of the ordinary files, once");
        List<JsonNode> deadLetters = rig.readAll("ingest-dlq-" + rig.id);
        assertEquals(1, deadLetters.size(), deadLetters.toString());
        assertTrue(deadLetters.get(0).get("source").asText().endsWith(bombKey), deadLetters.toString());
        Report.note("gzip bomb (" + Files.size(bomb) / 1024 + " KiB inflating to 1 GiB) beside 4 files, 256 MB heap",
                "dead-lettered as `" + deadLetters.get(0).get("reason").asText() + "`; " + corpus.events
                        + " events of the other files in, once | | | | |");
    }
}
