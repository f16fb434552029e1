package io.denywatch.analyzer.streams;

import io.denywatch.common.config.Config;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.serialization.*;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.*;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import java.time.*;
import java.util.*;

class ScratchTest {
    @Test
    void t() {
        for (String ret : List.of("1h", "2h", "24h")) {
        Config config = Config.of(Map.of("kafka.bootstrap.servers", "x:1", "analyzer.dedupe-retention", ret));
        Properties props = Analyzer.properties(config);
        props.put(StreamsConfig.STATE_DIR_CONFIG, System.getProperty("java.io.tmpdir") + "/dw-scr-" + System.nanoTime());
        Instant now = Instant.parse("2026-06-01T00:00:00Z");
        try (TopologyTestDriver d = new TopologyTestDriver(AnalyzerTopology.build(AnalyzerPlan.from(config).withoutQueryCounts(), new AnalyzerMetrics(new SimpleMeterRegistry()), StateStorage.IN_MEMORY), props, now)) {
            TestInputTopic<byte[], byte[]> raw = d.createInputTopic("cloudtrail.events", new ByteArraySerializer(), new ByteArraySerializer());
            TestOutputTopic<String, String> den = d.createOutputTopic("cloudtrail.denials", new StringDeserializer(), new StringDeserializer());
            Instant t = Instant.parse("2026-05-30T08:02:20.323Z");
            var a = RawEvents.scpDenial("e1", "web", t);
            raw.pipeInput(new TestRecord<>(a.key(), a.value(), new RecordHeaders(a.headers().toArray()), now));
            raw.pipeInput(RawEvents.scpDenial("e2", "web", t.plusSeconds(100)));
            raw.pipeInput(new TestRecord<>(a.key(), a.value(), new RecordHeaders(a.headers().toArray()), now));
            System.err.println("SCRATCH " + ret + " " + den.readValuesToList().size());
        }
        }
    }
}
