package io.denywatch.analyzer.streams;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.TimeWindows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-minute counts of counted denials by principal and by action, kept for the query API ("who is getting denied
 * over the last hours"). They live apart from the spike windows, whose size and hop are tuned for detection, so that
 * any range can be summed from one-minute buckets.
 *
 * <p>The store ({@link AnalyzerStores#QUERY_COUNTS}) is keyed by {@link #PRINCIPAL_PREFIX} plus the identity ARN
 * and {@link #ACTION_PREFIX} plus the action; the stream is repartitioned by that key, so each key's counts live on
 * exactly one instance.
 */
public final class QueryCounts {

    public static final String PRINCIPAL_PREFIX = "principal:";
    public static final String ACTION_PREFIX = "action:";
    /** Size of each bucket: the finest resolution of a queried range. */
    public static final Duration BUCKET = Duration.ofMinutes(1);

    private QueryCounts() {
    }

    /** Counts the given denials into {@link AnalyzerStores#QUERY_COUNTS}. */
    static void addTo(KStream<byte[], Classified> counted, AnalyzerPlan plan, StateStorage storage) {
        // Late denials are not counted (see DenialEnricher); the grace here only spans the raw partitions' skew.
        Duration grace = Duration.ofMillis(plan.slicing().grace()).plus(plan.partitionSkew());
        // Kafka Streams requires the retention to cover a window and its grace period.
        Duration retention = max(plan.queryRetention(), BUCKET.plus(grace));
        // The query counts are not urgent: their repartition records go without the early-commit mark.
        counted.processValues(() -> new WithoutHeader<byte[], Classified>(EarlyCommit.HEADER),
                        Named.as("query-denials-without-commit-mark"))
                .flatMap((k, v) -> keys(v), Named.as("query-keys"))
                .groupByKey(Grouped.with("denials-for-queries", Serdes.String(), Serdes.ByteArray()))
                .windowedBy(TimeWindows.ofSizeAndGrace(BUCKET, grace))
                .count(Named.as("query-count"), AnalyzerStores.queryCounts(retention, storage));
    }

    private static List<KeyValue<String, byte[]>> keys(Classified c) {
        List<KeyValue<String, byte[]>> out = new ArrayList<>(2);
        // Only the key matters for a count; an empty value keeps the repartition topic small.
        String principal = c.denial().principal().identityArn();
        if (principal != null) {
            out.add(KeyValue.pair(PRINCIPAL_PREFIX + principal, new byte[0]));
        }
        String action = c.denial().action();
        if (action != null) {
            out.add(KeyValue.pair(ACTION_PREFIX + action, new byte[0]));
        }
        return out;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
