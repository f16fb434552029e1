package io.denywatch.analyzer.query;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Dashboards' view of who is being denied, without a label per principal: the {@value #TOP} most denied principals of
 * the last hour as one gauge series per rank ({@code rank="1"}…), refreshed every {@link #REFRESH}, so the series
 * count never exceeds {@value #TOP} per instance however many principals there are. Each principal's counts live on
 * one instance, so {@code sum by (principal)} across instances is exact. Also the number of open incidents.
 */
public final class TopDeniedGauges implements AutoCloseable {

    static final int TOP = 10;
    static final Duration RANGE = Duration.ofHours(1);
    static final Duration REFRESH = Duration.ofSeconds(30);
    static final Duration FIRST_REFRESH = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(TopDeniedGauges.class);

    private final KafkaStreams streams;
    private final DenialQueries queries;
    private final Clock clock;
    private final MultiGauge top;
    private final AtomicInteger open = new AtomicInteger();
    private final ScheduledExecutorService refresher;

    private TopDeniedGauges(KafkaStreams streams, DenialQueries queries, MeterRegistry registry, Clock clock) {
        this.streams = streams;
        this.queries = queries;
        this.clock = clock;
        this.top = MultiGauge.builder("denywatch.analyzer.top.principal.denials")
                .description("Denials of the most denied principals in the last hour, one series per rank")
                .register(registry);
        Gauge.builder("denywatch.analyzer.open.incidents", open, AtomicInteger::get)
                .description("Incidents open on this instance").register(registry);
        this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "denywatch-top-gauges");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts refreshing the gauges from {@code streams}' stores. */
    public static TopDeniedGauges start(KafkaStreams streams, MeterRegistry registry) {
        TopDeniedGauges gauges = new TopDeniedGauges(streams, new DenialQueries(QueryStores.of(streams)), registry,
                Clock.systemUTC());
        gauges.refresher.scheduleWithFixedDelay(gauges::refresh, FIRST_REFRESH.toMillis(), REFRESH.toMillis(),
                TimeUnit.MILLISECONDS);
        return gauges;
    }

    /** Reads the stores once; skipped while they cannot be queried (starting, rebalancing). */
    void refresh() {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return;
        }
        try {
            List<RankedKey> ranked = queries.top(QueryDimension.PRINCIPAL, clock.instant(), RANGE, TOP);
            top.register(ranked.stream().map(r -> MultiGauge.Row.of(Tags.of("rank", Integer.toString(r.rank()),
                    "principal", r.key()), r.count())).toList(), true);
            open.set(queries.openIncidents().size());
        } catch (RuntimeException e) {
            // A store moving during a rebalance: the next refresh tries again.
            LOG.debug("Top-denied gauges not refreshed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        refresher.shutdownNow();
    }
}
