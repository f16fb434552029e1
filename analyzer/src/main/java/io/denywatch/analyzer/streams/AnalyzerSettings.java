package io.denywatch.analyzer.streams;

import io.denywatch.common.config.Setting;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.streams.state.HostInfo;

import java.time.Duration;
import java.util.List;

/** Every setting of the analyzer's topology, declared once. */
public final class AnalyzerSettings {

    public static final Setting<String> APPLICATION_ID = Setting.string("analyzer.application-id",
            "denywatch-analyzer", "Kafka Streams application id: instances with the same id share the work.");
    public static final Setting<String> PROCESSING_GUARANTEE = Setting.string("analyzer.processing-guarantee",
            "exactly_once_v2", "exactly_once_v2 (each denial counted once) or at_least_once.")
            .validatedBy(v -> v.equals("exactly_once_v2") || v.equals("at_least_once")
                    ? null : "must be exactly_once_v2 or at_least_once");
    public static final Setting<Integer> THREADS = Setting.integer("analyzer.threads", 1, 1, 64,
            "Stream threads in this instance.");
    public static final Setting<String> STATE_DIR = Setting.string("analyzer.state-dir", null,
            "Where state stores live on disk (default: a folder under the system's temporary directory).");
    public static final Setting<Duration> DEDUPE_RETENTION = Setting.duration("analyzer.dedupe-retention",
            Duration.ofHours(24), Duration.ofMinutes(1), Duration.ofDays(30),
            "How long an eventID is remembered to drop its duplicates.");

    public static final Setting<Duration> WINDOW_SIZE = Setting.duration("analyzer.window.size", Duration.ofMinutes(5),
            Duration.ofSeconds(10), Duration.ofDays(1), "Size of the counting windows.");
    public static final Setting<Duration> WINDOW_ADVANCE = Setting.duration("analyzer.window.advance",
            Duration.ofMinutes(1), Duration.ofSeconds(10), Duration.ofDays(1),
            "How far the counting windows hop (at most the size).");
    public static final Setting<Duration> WINDOW_GRACE = Setting.duration("analyzer.window.grace",
            Duration.ofMinutes(15), Duration.ZERO, Duration.ofDays(7),
            "How late an event may arrive and still be counted in its window (CloudTrail delivers in about 5m).");
    public static final Setting<Duration> PARTITION_SKEW = Setting.duration("analyzer.window.partition-skew",
            Duration.ofHours(2), Duration.ZERO, Duration.ofDays(7),
            "How far (event time) one raw partition may be read ahead of another, as when catching up on a backlog,"
                    + " without the other's denials being lost to the windows. Lateness is judged per raw partition"
                    + " against the grace; this only keeps the windows open for the partitions still behind.");
    public static final Setting<Integer> EARLY_COMMIT_MAX_RATE = Setting.integer("analyzer.early-commit.max-rate",
            2000, 0, 10_000_000, "While a raw partition is read at no more than this many events per second, each"
                    + " denial commits at once instead of waiting for the commit interval, so its incident is alerted"
                    + " within a fraction of a second; above it (a backlog, a heavy load) denials commit with the"
                    + " interval, for throughput. 0: always wait for the interval.");
    public static final Setting<String> DIMENSIONS = Setting.string("analyzer.dimensions",
            "principal,principal-action-resource,account",
            "What denials are counted by: any of principal, principal-action-resource, account.");

    public static final Setting<Integer> MIN_COUNT = Setting.integer("analyzer.spike.min-count", 10, 1, 1_000_000,
            "A window needs at least this many denials to be a spike.");
    public static final Setting<Integer> MIN_COUNT_PRINCIPAL = Setting.integer("analyzer.spike.min-count.principal",
            0, 0, 1_000_000, "min-count for the principal dimension (0: analyzer.spike.min-count).");
    public static final Setting<Integer> MIN_COUNT_PAR = Setting.integer(
            "analyzer.spike.min-count.principal-action-resource", 0, 0, 1_000_000,
            "min-count for the principal-action-resource dimension (0: analyzer.spike.min-count).");
    public static final Setting<Integer> MIN_COUNT_ACCOUNT = Setting.integer("analyzer.spike.min-count.account", 0,
            0, 1_000_000, "min-count for the account dimension (0: analyzer.spike.min-count).");
    public static final Setting<Double> FACTOR = Setting.decimal("analyzer.spike.factor", 3.0, 1.0, 1000.0,
            "A window needs at least this many times the key's baseline to be a spike.");
    public static final Setting<Double> FACTOR_PRINCIPAL = factor("principal");
    public static final Setting<Double> FACTOR_PAR = factor("principal-action-resource");
    public static final Setting<Double> FACTOR_ACCOUNT = factor("account");
    public static final Setting<Integer> BASELINE_WINDOWS = Setting.integer("analyzer.spike.baseline-windows", 60, 1,
            100_000, "The baseline is an exponentially weighted average over about this many past windows.");
    public static final Setting<Duration> UPDATE_INTERVAL = Setting.duration("analyzer.spike.update-interval",
            Duration.ofMinutes(1), Duration.ZERO, Duration.ofDays(1),
            "An open incident is updated at most this often (event time); growth held back meanwhile is sent once"
                    + " the interval has passed, without waiting for more denials.");
    public static final Setting<Double> UPDATE_GROWTH = Setting.decimal("analyzer.spike.update-growth", 0.5, 0.0,
            100.0, "An open incident is updated once its total has grown by this fraction since the last message"
                    + " (0.5: by half), or when its peak reaches a higher severity.");
    public static final Setting<Integer> RESOLVE_AFTER = Setting.integer("analyzer.spike.resolve-after", 3, 1, 1000,
            "An incident resolves after this many window sizes without a spike.");
    public static final Setting<Duration> LEARNING_PERIOD = Setting.duration("analyzer.spike.learning-period",
            Duration.ofMinutes(30), Duration.ZERO, Duration.ofDays(7),
            "After the analyzer first sees data, baselines are learnt for this long (event time) before any"
                    + " incident opens, so old steady noise does not alert at once.");

    public static final Setting<String> IGNORE_PRINCIPALS = Setting.string("analyzer.ignore.principals", "",
            "Comma-separated glob patterns (* matches anything) of principal ARNs whose denials are not counted.");
    public static final Setting<String> IGNORE_ACTIONS = Setting.string("analyzer.ignore.actions", "",
            "Comma-separated glob patterns of actions (e.g. s3:ListBucket) whose denials are not counted.");
    public static final Setting<String> IGNORE_EVENT_NAMES = Setting.string("analyzer.ignore.event-names",
            "HeadBucket", "Comma-separated event names whose denials are not counted (CIS excludes HeadBucket).");
    public static final Setting<String> IGNORE_SOURCE_IPS = Setting.string("analyzer.ignore.source-ips",
            "delivery.logs.amazonaws.com",
            "Comma-separated sourceIPAddress values whose denials are not counted (CIS excludes log delivery).");
    public static final Setting<Boolean> IGNORE_AWS_SERVICES = Setting.bool("analyzer.ignore.aws-service-calls",
            false, "Do not count calls an AWS service made on a principal's behalf (userIdentity.invokedBy).");

    public static final Setting<Duration> QUERY_RETENTION = Setting.duration("analyzer.query.retention",
            Duration.ofHours(24), Duration.ofMinutes(1), Duration.ofDays(30),
            "How far back the query API's per-minute counts of denied principals and actions reach.");
    public static final Setting<String> ADVERTISED_ADDRESS = Setting.string("analyzer.advertised-address", null,
            "host:port at which other analyzer instances reach this one's HTTP port for queries (unset: one"
                    + " instance answers from its own state).")
            .validatedBy(AnalyzerSettings::hostPortProblem);

    public static final List<Setting<?>> ALL = List.of(
            APPLICATION_ID, PROCESSING_GUARANTEE, THREADS, STATE_DIR, DEDUPE_RETENTION, WINDOW_SIZE, WINDOW_ADVANCE,
            WINDOW_GRACE, PARTITION_SKEW, EARLY_COMMIT_MAX_RATE, DIMENSIONS, MIN_COUNT, MIN_COUNT_PRINCIPAL, MIN_COUNT_PAR, MIN_COUNT_ACCOUNT, FACTOR,
            FACTOR_PRINCIPAL, FACTOR_PAR, FACTOR_ACCOUNT, BASELINE_WINDOWS, UPDATE_INTERVAL, UPDATE_GROWTH, RESOLVE_AFTER, LEARNING_PERIOD, IGNORE_PRINCIPALS, IGNORE_ACTIONS,
            IGNORE_EVENT_NAMES, IGNORE_SOURCE_IPS, IGNORE_AWS_SERVICES, QUERY_RETENTION, ADVERTISED_ADDRESS);

    private AnalyzerSettings() {
    }

    /** The factor of one dimension; 0 (the default) means {@link #FACTOR}. */
    private static Setting<Double> factor(String dimension) {
        return Setting.decimal("analyzer.spike.factor." + dimension, 0.0, 0.0, 1000.0,
                "factor for the " + dimension + " dimension (0: analyzer.spike.factor).")
                .validatedBy(v -> v == 0 || v >= 1 ? null : "must be 0 (use analyzer.spike.factor) or at least 1");
    }

    private static String hostPortProblem(String value) {
        try {
            HostInfo host = HostInfo.buildFromEndpoint(value);
            return host != null && host.port() > 0 ? null : "must be host:port, e.g. analyzer-1:8080";
        } catch (KafkaException e) {
            return "must be host:port, e.g. analyzer-1:8080";
        }
    }
}
