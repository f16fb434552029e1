package io.denywatch.analyzer.streams;

import io.denywatch.analyzer.query.DenialQueries;
import io.denywatch.analyzer.query.QueryDimension;
import io.denywatch.analyzer.query.QueryStores;
import io.denywatch.analyzer.query.RankedKey;
import io.denywatch.contract.incident.SpikeRecord;
import io.denywatch.analyzer.spike.SpikeState;
import io.denywatch.common.config.Config;
import io.denywatch.common.json.Json;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The query counts the topology keeps, read through {@link DenialQueries} as the query API reads them. */
class DenialQueriesTest {

    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    private static final String ROLE = "arn:aws:iam::123456789012:role/";

    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> raw;
    private TestOutputTopic<String, String> spikes;
    private DenialQueries queries;
    private int nextId;

    @BeforeEach
    void start() {
        Map<String, String> settings = new HashMap<>();
        settings.put("kafka.bootstrap.servers", "unused:9092");
        settings.put("analyzer.spike.learning-period", "0s");
        Config config = Config.of(settings);
        Properties props = Analyzer.properties(config);
        props.put(StreamsConfig.STATE_DIR_CONFIG, System.getProperty("java.io.tmpdir") + "/dw-q-" + System.nanoTime());
        driver = new TopologyTestDriver(AnalyzerTopology.build(AnalyzerPlan.from(config),
                new AnalyzerMetrics(new SimpleMeterRegistry())), props, T0);
        raw = driver.createInputTopic("cloudtrail.events", new ByteArraySerializer(), new ByteArraySerializer());
        spikes = driver.createOutputTopic("cloudtrail.deny-spikes", new StringDeserializer(), new StringDeserializer());
        queries = new DenialQueries(new QueryStores() {
            @Override
            public ReadOnlyWindowStore<String, Long> counts() {
                return driver.getWindowStore(AnalyzerStores.QUERY_COUNTS.name());
            }

            @Override
            public ReadOnlyKeyValueStore<String, Long> openIncidents() {
                return driver.getKeyValueStore(AnalyzerStores.OPEN_INCIDENTS.name());
            }

            @Override
            public ReadOnlyKeyValueStore<String, SpikeState> spikeStates() {
                return driver.getKeyValueStore(AnalyzerStores.SPIKE_STATE.name());
            }
        });
    }

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void topPrincipalsSumEveryMinuteOfTheRangeMostDeniedFirst() {
        deny("deploy", T0, 2);
        deny("deploy", T0.plus(Duration.ofMinutes(3)), 2);
        deny("ci", T0.plus(Duration.ofMinutes(1)), 3);
        deny("audit", T0.plus(Duration.ofMinutes(4)).plusSeconds(59), 1);

        List<RankedKey> top = queries.top(QueryDimension.PRINCIPAL, T0.plus(Duration.ofMinutes(5)),
                Duration.ofMinutes(5), 10);

        assertEquals(List.of(new RankedKey(1, ROLE + "deploy", 4), new RankedKey(2, ROLE + "ci", 3),
                new RankedKey(3, ROLE + "audit", 1)), top);
    }

    @Test
    void theRangeEndsAtTheGivenInstantAndLeavesOutWhatIsBeforeOrAfterIt() {
        deny("early", T0, 5);
        deny("inside", T0.plus(Duration.ofMinutes(30)), 2);
        deny("late", T0.plus(Duration.ofMinutes(45)), 7);
        Instant at = T0.plus(Duration.ofMinutes(40));

        assertEquals(List.of(new RankedKey(1, ROLE + "inside", 2)),
                queries.top(QueryDimension.PRINCIPAL, at, Duration.ofMinutes(15), 10));
        assertEquals(List.of(new RankedKey(1, ROLE + "early", 5), new RankedKey(2, ROLE + "inside", 2)),
                queries.top(QueryDimension.PRINCIPAL, at, Duration.ofHours(1), 10));
        assertEquals(List.of(), queries.top(QueryDimension.PRINCIPAL, T0, Duration.ofHours(1), 10),
                "nothing before the first denial");
    }

    @Test
    void theMinuteNowFallsInIsCounted() {
        deny("deploy", T0.plusSeconds(20), 1);

        assertEquals(List.of(new RankedKey(1, ROLE + "deploy", 1)),
                queries.top(QueryDimension.PRINCIPAL, T0.plusSeconds(30), Duration.ofMinutes(15), 10));
    }

    @Test
    void tiesRankByKeyAndTheLimitCutsTheList() {
        deny("b-role", T0, 2);
        deny("a-role", T0, 2);
        deny("c-role", T0, 3);
        deny("d-role", T0, 1);

        assertEquals(List.of(new RankedKey(1, ROLE + "c-role", 3), new RankedKey(2, ROLE + "a-role", 2),
                new RankedKey(3, ROLE + "b-role", 2)), queries.top(QueryDimension.PRINCIPAL,
                T0.plus(Duration.ofMinutes(1)), Duration.ofMinutes(1), 3));
    }

    @Test
    void topActionsCountTheActionDeniedWhoeverAsked() {
        deny("deploy", T0, 2);
        deny("ci", T0, 1);
        raw.pipeInput(RawEvents.denial("ec2-1", "ci", T0, "RunInstances", "ec2.amazonaws.com",
                "Client.UnauthorizedOperation", "You are not authorized to perform this operation."));

        List<RankedKey> top = queries.top(QueryDimension.ACTION, T0.plus(Duration.ofMinutes(1)),
                Duration.ofMinutes(1), 10);

        assertEquals(List.of(new RankedKey(1, "s3:PutObject", 3), new RankedKey(2, "ec2:RunInstances", 1)), top);
    }

    @Test
    void ignoredAndAuthenticationFailuresAreNotCounted() {
        for (int i = 0; i < 4; i++) {
            raw.pipeInput(RawEvents.denial("probe-" + i, "monitor", T0, "HeadBucket", "s3.amazonaws.com",
                    "AccessDenied", "Access Denied"));
            raw.pipeInput(RawEvents.denial("token-" + i, "expired", T0, "ListBuckets", "s3.amazonaws.com",
                    "ExpiredToken", "The provided token has expired."));
        }
        deny("deploy", T0, 1);

        assertEquals(List.of(new RankedKey(1, ROLE + "deploy", 1)),
                queries.top(QueryDimension.PRINCIPAL, T0.plus(Duration.ofMinutes(1)), Duration.ofMinutes(1), 10));
    }

    @Test
    void openIncidentsListTheLatestMessageOfEachUntilItResolves() throws Exception {
        deny("deploy", T0, 12);
        Set<String> opened = spikes.readValuesToList().stream().map(DenialQueriesTest::incidentId)
                .collect(Collectors.toSet());
        assertEquals(3, opened.size(), "one incident per dimension");

        List<SpikeRecord> open = queries.openIncidents();

        assertEquals(opened, open.stream().map(SpikeRecord::incidentId).collect(Collectors.toSet()));
        assertTrue(open.stream().allMatch(r -> r.state() != SpikeRecord.State.RESOLVED));
        assertTrue(open.stream().allMatch(r -> r.count() >= 10));

        // Another role's denial 16 minutes later resolves the quiet incidents.
        deny("other", T0.plus(Duration.ofMinutes(16)), 1);
        assertEquals(List.of(), queries.openIncidents());
    }

    private void deny(String role, Instant time, int times) {
        for (int i = 0; i < times; i++) {
            raw.pipeInput(RawEvents.scpDenial("e-" + nextId++, role, time));
        }
    }

    private static String incidentId(String json) {
        try {
            return Json.mapper().readTree(json).get("incidentId").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
