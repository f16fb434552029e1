package io.denywatch.analyzer.streams;

import io.denywatch.contract.denial.EnrichedDenial;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.concurrent.atomic.LongAdder;

/**
 * The analyzer's meters. Labels carry bounded values only: error codes, policy types, accounts, categories and
 * reasons — never principal ARNs, which belong on the topics and in the query API.
 *
 * <p>The meters of fixed labels are registered when this is made, before the topology runs, so that they are scraped
 * as 0 rather than missing until their first event.
 */
public final class AnalyzerMetrics {

    private final MeterRegistry registry;
    private final Counter raw;
    private final Counter duplicates;
    private final Counter late;
    private final Counter unreadable;
    private final LongAdder unreadableEventTimes = new LongAdder();
    private final LongAdder eventTimesAhead = new LongAdder();

    public AnalyzerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.raw = Counter.builder("denywatch.analyzer.events").description("Raw events read").register(registry);
        this.duplicates = Counter.builder("denywatch.analyzer.duplicates.dropped")
                .description("Repeated deliveries of an eventID dropped, among the events the header filter keeps"
                        + " (denials, authentication failures, console sign-ins)").register(registry);
        this.late = Counter.builder("denywatch.analyzer.late.events")
                .description("Denials later than the windows' grace: on the enriched topic, not in the counts")
                .register(registry);
        this.unreadable = Counter.builder("denywatch.analyzer.unreadable")
                .description("Raw events that could not be read, sent to the analyzer dead-letter topic")
                .register(registry);
        eventTimeFallbacks("unreadable", unreadableEventTimes);
        eventTimeFallbacks("future", eventTimesAhead);
    }

    private void eventTimeFallbacks(String reason, LongAdder count) {
        FunctionCounter.builder("denywatch.analyzer.event.time.fallbacks", count, LongAdder::sum)
                .tag("reason", reason).description("Events whose eventTime was replaced by the partition's time")
                .register(registry);
    }

    void rawEvent() {
        raw.increment();
    }

    /** An event whose time could not be read. */
    void eventTimeUnreadable() {
        unreadableEventTimes.increment();
    }

    /** An event dated too far in the future to be believed. */
    void eventTimeAhead() {
        eventTimesAhead.increment();
    }

    void duplicateDropped() {
        duplicates.increment();
    }

    void late() {
        late.increment();
    }

    void unreadable() {
        unreadable.increment();
    }

    void ignored(String rule) {
        Counter.builder("denywatch.analyzer.ignored").tag("rule", rule)
                .description("Denials left out of counts by an ignore rule").register(registry).increment();
    }

    void denial(EnrichedDenial d) {
        Counter.builder("denywatch.analyzer.denials")
                .tag("category", d.category().name())
                .tag("error_code", nullToUnknown(d.errorCode()))
                .tag("policy_type", d.diagnosis().policyType().name())
                .tag("account", nullToUnknown(d.recipientAccountId()))
                .description("Unique denials, by category, error code, policy layer and account")
                .register(registry).increment();
    }

    void incident(String state, String dimension) {
        Counter.builder("denywatch.analyzer.incidents").tag("state", state).tag("dimension", dimension)
                .description("Incident messages sent, by state (OPEN, UPDATE, RESOLVED) and dimension")
                .register(registry).increment();
    }

    private static String nullToUnknown(String v) {
        return v == null ? "unknown" : v;
    }
}
