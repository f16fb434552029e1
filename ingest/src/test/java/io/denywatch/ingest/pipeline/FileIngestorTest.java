package io.denywatch.ingest.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.denywatch.common.cloudtrail.CloudTrailReader;
import io.denywatch.common.json.Json;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class FileIngestorTest {

    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final IngestMetrics metrics = new IngestMetrics(new SimpleMeterRegistry());

    @Test
    void aFileOfNothingButBadElementsIsRefusedWholeAfterTheCap() throws Exception {
        FileIngestor files = ingestor(100);
        StringBuilder json = new StringBuilder("{\"Records\":[");
        for (int i = 0; i < 5000; i++) {
            json.append(i == 0 ? "" : ",").append(i);
        }
        byte[] bytes = json.append("]}").toString().getBytes(StandardCharsets.UTF_8);

        FileOutcome outcome = files.ingest("s3://b/k", new ByteArrayInputStream(bytes), bytes.length);

        FileOutcome.DeadLettered dead = assertInstanceOf(FileOutcome.DeadLettered.class, outcome);
        assertEquals("too_many_bad_records", dead.reason());
        List<ProducerRecord<byte[], byte[]>> letters = producer.history().stream()
                .filter(r -> r.topic().equals("dlq")).toList();
        assertEquals(101, letters.size(), "100 records one by one, then the file");
        JsonNode last = Json.mapper().readTree(letters.get(100).value());
        assertEquals("file", last.get("kind").asText());
        assertEquals("too_many_bad_records", last.get("reason").asText());
    }

    @Test
    void aFewBadElementsAreDeadLetteredOneByOneAndTheFileIsIngested() throws Exception {
        FileIngestor files = ingestor(100);
        byte[] bytes = "{\"Records\":[1,{\"eventID\":\"a\"},\"x\",{\"eventID\":\"b\"}]}".getBytes(StandardCharsets.UTF_8);

        FileOutcome outcome = files.ingest("s3://b/k", new ByteArrayInputStream(bytes), bytes.length);

        FileOutcome.Ingested ok = assertInstanceOf(FileOutcome.Ingested.class, outcome);
        assertEquals(2, ok.events());
        assertEquals(2, ok.rejected());
        assertEquals(2, producer.history().stream().filter(r -> r.topic().equals("raw")).count());
        assertEquals(2, producer.history().stream().filter(r -> r.topic().equals("dlq")).count());
    }

    private FileIngestor ingestor(int maxBad) {
        return new FileIngestor(CloudTrailReader.accepting(IngestPipeline.SHAPES, 256 * 1024, 64L << 20),
                new EventPublisher(producer, "raw"), new DeadLetterPublisher(producer, "dlq", metrics), metrics,
                Duration.ofSeconds(5), Clock.systemUTC(), maxBad);
    }
}
