package io.denywatch.analyzer.streams;

import io.denywatch.contract.Topics;
import io.denywatch.common.kafka.TopicCreation;
import io.denywatch.analyzer.query.TopDeniedGauges;
import io.denywatch.common.config.Config;
import io.denywatch.common.http.Health;
import io.denywatch.common.kafka.KafkaClients;
import io.denywatch.common.kafka.TopicInitializer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The analyzer role: runs the {@link AnalyzerTopology} on Kafka Streams. Instances with the same application id share
 * the partitions; state stores are restored from their changelogs on restart or rebalance.
 */
public final class Analyzer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Analyzer.class);

    private final KafkaStreams streams;
    private final KafkaStreamsMetrics streamsMetrics;
    private final Health health;
    private final TopDeniedGauges topGauges;

    private Analyzer(KafkaStreams streams, KafkaStreamsMetrics streamsMetrics, Health health,
                     TopDeniedGauges topGauges) {
        this.streams = streams;
        this.streamsMetrics = streamsMetrics;
        this.health = health;
        this.topGauges = topGauges;
    }

    /** Validates the configuration, creates missing topics and starts processing. */
    public static Analyzer start(Config config, MeterRegistry registry, Health health) {
        AnalyzerPlan plan = AnalyzerPlan.from(config);
        config.validate(Topics.SETTINGS);
        config.validate(TopicCreation.ALL);
        TopicInitializer.ensure(config, List.of(plan.rawTopic(), plan.denialsTopic(), plan.spikesTopic(),
                plan.deadLetterTopic()), Map.of());
        KafkaStreams streams = new KafkaStreams(AnalyzerTopology.build(plan, new AnalyzerMetrics(registry)),
                properties(config));
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("Stream thread failed; replacing it", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        health.register("analyzer", () -> streams.state() == KafkaStreams.State.RUNNING
                || streams.state() == KafkaStreams.State.REBALANCING);
        streams.start();
        LOG.info("Analyzing {} as {}", Topics.RAW.in(config), config.get(AnalyzerSettings.APPLICATION_ID));
        return new Analyzer(streams, streamsMetrics, health, TopDeniedGauges.start(streams, registry));
    }

    /** Kafka Streams configuration: the pass-through {@code kafka.*} settings plus the analyzer's own. */
    public static Properties properties(Config config) {
        Properties props = new Properties();
        props.putAll(KafkaClients.common(config, config.get(AnalyzerSettings.APPLICATION_ID)));
        props.putIfAbsent(StreamsConfig.APPLICATION_ID_CONFIG, config.get(AnalyzerSettings.APPLICATION_ID));
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.get(AnalyzerSettings.PROCESSING_GUARANTEE));
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.get(AnalyzerSettings.THREADS));
        String stateDir = config.get(AnalyzerSettings.STATE_DIR);
        props.putIfAbsent(StreamsConfig.STATE_DIR_CONFIG, stateDir != null ? stateDir
                : Path.of(System.getProperty("java.io.tmpdir"), "denywatch-streams").toString());
        int rf = config.get(TopicCreation.REPLICATION_FACTOR);
        props.putIfAbsent(StreamsConfig.REPLICATION_FACTOR_CONFIG, rf);
        props.putIfAbsent(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        // Exactly-once commits a transaction per commit interval; the default 100 ms makes back-to-back transactions
        // wait on each other's commit markers. A second costs nothing next to CloudTrail's delivery delay.
        props.putIfAbsent(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000);
        // The behaviour Kafka Streams 5 makes the default; saying so now keeps its start-up warning away.
        props.putIfAbsent("processing.exception.handler.global.enabled", "true");
        String advertised = config.get(AnalyzerSettings.ADVERTISED_ADDRESS);
        if (advertised != null) {
            // Lets every instance find which one holds a key's state, for the query API.
            props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, advertised);
        }
        return props;
    }

    /** The running Kafka Streams instance, for the query API. */
    public KafkaStreams streams() {
        return streams;
    }

    @Override
    public void close() {
        health.unregister("analyzer");
        topGauges.close();
        streams.close(Duration.ofSeconds(30));
        streamsMetrics.close();
    }
}
