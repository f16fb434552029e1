package io.denywatch.analyzer.streams;

import io.denywatch.analyzer.classify.ErrorCodes;
import io.denywatch.analyzer.spike.SpikeRules;
import io.denywatch.analyzer.window.Dimension;
import io.denywatch.analyzer.window.Slicing;
import io.denywatch.common.config.Config;
import io.denywatch.common.config.ConfigException;
import io.denywatch.contract.Topics;

import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What the analyzer's topology is to do, read from the settings and checked once: the topics, what is judged a
 * denial and what is noise, how denials are counted (dimensions, slicing) and when a count is a spike. The topology
 * only wires this into a graph; a bad setting fails here, naming it, before anything is built or started.
 *
 * @param rawTopic           where raw CloudTrail events are read
 * @param denialsTopic       where enriched denials are published
 * @param spikesTopic        where incident messages are published
 * @param deadLetterTopic    where events that could not be read go
 * @param codes              which error codes are denials or authentication failures
 * @param noise              the ignore rules: denials published but not counted
 * @param dedupeRetention    how long an eventID is remembered
 * @param earlyCommitMaxRate raw records per second of a task above which denials wait for the commit interval
 * @param slicing            the counting windows, counted as slices
 * @param partitionSkew      how far one raw partition may be read ahead of another
 * @param dimensions         what denials are counted by, in the order of the settings
 * @param rules              when a count of each dimension is a spike
 * @param learningPeriod     how long (event time) baselines are learnt before an incident may open
 * @param queryRetention     how far back the query API's per-minute counts reach; null when nothing will query them
 *                           (an in-process scan), and the topology then keeps none
 */
public record AnalyzerPlan(String rawTopic, String denialsTopic, String spikesTopic, String deadLetterTopic,
                           ErrorCodes codes, NoiseFilter noise, Duration dedupeRetention, int earlyCommitMaxRate,
                           Slicing slicing, Duration partitionSkew, List<Dimension> dimensions,
                           Map<Dimension, SpikeRules> rules, Duration learningPeriod, Duration queryRetention) {

    public AnalyzerPlan {
        dimensions = List.copyOf(dimensions);
        rules = Map.copyOf(rules);
    }

    /** The same plan without the query API's counts: for a run nothing will query, such as a scan of saved logs. */
    public AnalyzerPlan withoutQueryCounts() {
        return new AnalyzerPlan(rawTopic, denialsTopic, spikesTopic, deadLetterTopic, codes, noise, dedupeRetention,
                earlyCommitMaxRate, slicing, partitionSkew, dimensions, rules, learningPeriod, null);
    }

    /**
     * The plan the settings describe.
     *
     * @throws ConfigException naming the setting, when one is missing, malformed or out of range
     */
    public static AnalyzerPlan from(Config config) {
        config.validate(AnalyzerSettings.ALL);
        List<Dimension> dimensions = dimensions(config);
        return new AnalyzerPlan(Topics.RAW.in(config), Topics.DENIALS.in(config),
                Topics.SPIKES.in(config), Topics.ANALYZER_DLQ.in(config),
                ErrorCodes.from(config), NoiseFilter.from(config), config.get(AnalyzerSettings.DEDUPE_RETENTION),
                config.get(AnalyzerSettings.EARLY_COMMIT_MAX_RATE), slicing(config),
                config.get(AnalyzerSettings.PARTITION_SKEW), dimensions, rules(config, dimensions),
                config.get(AnalyzerSettings.LEARNING_PERIOD), config.get(AnalyzerSettings.QUERY_RETENTION));
    }

    private static Slicing slicing(Config config) {
        Duration size = config.get(AnalyzerSettings.WINDOW_SIZE);
        Duration advance = config.get(AnalyzerSettings.WINDOW_ADVANCE);
        if (advance.compareTo(size) > 0) {
            throw new ConfigException("analyzer.window.advance: must not exceed analyzer.window.size (" + size
                    + "), got " + advance);
        }
        return Slicing.of(size, advance, config.get(AnalyzerSettings.WINDOW_GRACE));
    }

    private static List<Dimension> dimensions(Config config) {
        try {
            return Arrays.stream(config.get(AnalyzerSettings.DIMENSIONS).split(",")).map(String::trim)
                    .filter(s -> !s.isEmpty()).map(Dimension::fromId).distinct().toList();
        } catch (IllegalArgumentException e) {
            throw new ConfigException("analyzer.dimensions: " + e.getMessage());
        }
    }

    private static Map<Dimension, SpikeRules> rules(Config config, List<Dimension> dimensions) {
        Map<Dimension, SpikeRules> rules = new EnumMap<>(Dimension.class);
        for (Dimension d : dimensions) {
            int specific = config.get(switch (d) {
                case PRINCIPAL -> AnalyzerSettings.MIN_COUNT_PRINCIPAL;
                case PRINCIPAL_ACTION_RESOURCE -> AnalyzerSettings.MIN_COUNT_PAR;
                case ACCOUNT -> AnalyzerSettings.MIN_COUNT_ACCOUNT;
            });
            double factor = config.get(switch (d) {
                case PRINCIPAL -> AnalyzerSettings.FACTOR_PRINCIPAL;
                case PRINCIPAL_ACTION_RESOURCE -> AnalyzerSettings.FACTOR_PAR;
                case ACCOUNT -> AnalyzerSettings.FACTOR_ACCOUNT;
            });
            rules.put(d, new SpikeRules(specific > 0 ? specific : config.get(AnalyzerSettings.MIN_COUNT),
                    factor > 0 ? factor : config.get(AnalyzerSettings.FACTOR), 1.0,
                    config.get(AnalyzerSettings.BASELINE_WINDOWS),
                    config.get(AnalyzerSettings.WINDOW_SIZE), config.get(AnalyzerSettings.WINDOW_ADVANCE),
                    config.get(AnalyzerSettings.UPDATE_INTERVAL), config.get(AnalyzerSettings.RESOLVE_AFTER),
                    config.get(AnalyzerSettings.UPDATE_GROWTH)));
        }
        return rules;
    }
}
