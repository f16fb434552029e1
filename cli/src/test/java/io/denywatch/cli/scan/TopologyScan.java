package io.denywatch.cli.scan;

import io.denywatch.analyzer.streams.Analyzer;
import io.denywatch.analyzer.streams.AnalyzerMetrics;
import io.denywatch.analyzer.streams.AnalyzerPlan;
import io.denywatch.analyzer.streams.AnalyzerTopology;
import io.denywatch.analyzer.streams.StateStorage;
import io.denywatch.common.cloudtrail.CloudTrailReader;
import io.denywatch.common.cloudtrail.CloudTrailRecord;
import io.denywatch.common.cloudtrail.LogFileException;
import io.denywatch.common.cloudtrail.RecordSink;
import io.denywatch.common.cloudtrail.RejectedRecord;
import io.denywatch.common.config.Config;
import io.denywatch.common.json.Json;
import io.denywatch.contract.Topics;
import io.denywatch.contract.denial.EnrichedDenial;
import io.denywatch.contract.incident.SpikeRecord;
import io.denywatch.ingest.pipeline.RawEventFormat;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The plain reading a scan must equal: every event of every file, one file after the other, fed to the service's own
 * topology under Kafka Streams' test driver, with its state on disk behind its cache as the service keeps it.
 */
final class TopologyScan {

    private TopologyScan() {
    }

    static ScanReport scan(Config config, CloudTrailReader reader, Iterator<ScanInput> inputs) throws IOException {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ScanTotals totals = new ScanTotals();
        Path stateDir = Files.createTempDirectory("denywatch-topology-scan");
        Properties props = Analyzer.properties(config);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        try (TopologyTestDriver driver = new TopologyTestDriver(AnalyzerTopology.build(
                AnalyzerPlan.from(config).withoutQueryCounts(), new AnalyzerMetrics(registry),
                StateStorage.ON_DISK), props)) {
            TestInputTopic<byte[], byte[]> raw = driver.createInputTopic(Topics.RAW.in(config),
                    new ByteArraySerializer(), new ByteArraySerializer());
            TestOutputTopic<String, String> denials = driver.createOutputTopic(Topics.DENIALS.in(config),
                    new StringDeserializer(), new StringDeserializer());
            TestOutputTopic<String, String> spikes = driver.createOutputTopic(Topics.SPIKES.in(config),
                    new StringDeserializer(), new StringDeserializer());
            TestOutputTopic<byte[], byte[]> unreadable = driver.createOutputTopic(Topics.ANALYZER_DLQ.in(config),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            while (inputs.hasNext()) {
                feed(inputs.next(), reader, raw, totals);
                for (String value : denials.readValuesToList()) {
                    totals.denial(Json.mapper().readValue(value, EnrichedDenial.class));
                }
                for (String value : spikes.readValuesToList()) {
                    totals.incident(Json.mapper().readValue(value, SpikeRecord.class));
                }
                for (TestRecord<byte[], byte[]> record : unreadable.readRecordsToList()) {
                    String id = record.key() == null ? "?" : new String(record.key(), StandardCharsets.UTF_8);
                    totals.problem(new ScanReport.Problem("event " + id, "unreadable_event"));
                }
            }
            driver.advanceWallClockTime(Scanner.endOfLogs(config));
            for (String value : spikes.readValuesToList()) {
                totals.incident(Json.mapper().readValue(value, SpikeRecord.class));
            }
        } finally {
            try (Stream<Path> walk = Files.walk(stateDir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return totals.report(registry);
    }

    private static void feed(ScanInput input, CloudTrailReader reader, TestInputTopic<byte[], byte[]> raw,
                             ScanTotals totals) {
        totals.files++;
        byte[] source = input.source().getBytes(StandardCharsets.UTF_8);
        try (InputStream in = input.open()) {
            reader.read(in, new RecordSink() {
                @Override
                public void accept(CloudTrailRecord record) {
                    totals.events++;
                    raw.pipeInput(new TestRecord<>(RawEventFormat.key(record), record.bytes(),
                            RawEventFormat.headers(record, source), Instant.now()));
                }

                @Override
                public void reject(RejectedRecord rejected) {
                    totals.problem(new ScanReport.Problem(input.source() + "#" + rejected.index(),
                            rejected.problem().code()));
                }
            });
        } catch (LogFileException e) {
            totals.problem(new ScanReport.Problem(input.source(), e.problem().code() + ": " + e.getMessage()));
        } catch (Exception e) {
            totals.problem(new ScanReport.Problem(input.source(), "unreadable: " + e.getMessage()));
        }
    }
}
