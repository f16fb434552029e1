package io.denywatch.alerts.deliver;

import io.denywatch.alerts.sink.FailureReason;
import io.denywatch.contract.denial.Resolution;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Locale;

/**
 * The alerts role's meters. Labels are sink names and fixed reason codes only: never an address, a channel or an
 * incident.
 */
public final class AlertMetrics {

    private final MeterRegistry registry;

    public AlertMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A sink accepted a message; {@code latency} runs from the message's publication to the acceptance. */
    public void sent(String sink, Duration latency) {
        Counter.builder("denywatch.alerts.sent").description("Incident messages a sink accepted")
                .tag("sink", sink).register(registry).increment();
        if (latency != null && !latency.isNegative()) {
            Timer.builder("denywatch.alerts.delivery")
                    .description("Time from an incident message's publication to a sink accepting it")
                    .tag("sink", sink).publishPercentileHistogram().register(registry).record(latency);
        }
    }

    /** One attempt failed. */
    public void failed(String sink, FailureReason reason) {
        Counter.builder("denywatch.alerts.failed").description("Delivery attempts that failed")
                .tag("sink", sink).tag("reason", reason.label()).register(registry).increment();
    }

    /** A failed attempt will be tried again. */
    public void retried(String sink) {
        Counter.builder("denywatch.alerts.retried").description("Delivery attempts scheduled again after a failure")
                .tag("sink", sink).register(registry).increment();
    }

    /** A message went to the dead-letter topic. */
    public void deadLettered(String sink, String reason) {
        Counter.builder("denywatch.alerts.dead.letters").description("Alerts written to the alerts dead-letter topic")
                .tag("sink", sink).tag("reason", reason).register(registry).increment();
    }

    /** A message was deliberately not sent ({@code cooldown}, {@code stale}, {@code never_announced}, …). */
    public void suppressed(String reason) {
        Counter.builder("denywatch.alerts.suppressed").description("Incident messages deliberately not sent")
                .tag("reason", reason).register(registry).increment();
    }

    /** A lookup of the statements behind an incident answered. */
    public void lookedUp(Resolution.Outcome outcome) {
        Counter.builder("denywatch.alerts.lookups").description("Lookups of the statements behind an incident, by outcome")
                .tag("outcome", outcome.name().toLowerCase(Locale.ROOT)).register(registry).increment();
    }

    /**
     * How a lookup's answer reached the sinks: {@code with_alert} (it came within the wait), {@code follow_up} (it
     * came later and was followed up) or {@code not_told} (nothing worth telling).
     */
    public void answerTold(String how) {
        Counter.builder("denywatch.alerts.lookups.told")
                .description("Lookup answers, by whether they went out with the alert, in a follow-up, or not at all")
                .tag("how", how).register(registry).increment();
    }

    /** A sink accepted a follow-up. */
    public void followUpSent(String sink) {
        Counter.builder("denywatch.alerts.follow.ups.sent").description("Follow-ups a sink accepted")
                .tag("sink", sink).register(registry).increment();
    }

    /** A follow-up was given up for a sink (refused, or retried past the give-up time). */
    public void followUpFailed(String sink, String reason) {
        Counter.builder("denywatch.alerts.follow.ups.failed").description("Follow-ups a sink never accepted")
                .tag("sink", sink).tag("reason", reason).register(registry).increment();
    }

    /** A sink accepted a period's digest. */
    public void digestSent(String sink) {
        Counter.builder("denywatch.alerts.digests.sent").description("Digests a sink accepted")
                .tag("sink", sink).register(registry).increment();
    }

    /** One attempt to deliver a digest failed. */
    public void digestFailed(String sink, FailureReason reason) {
        Counter.builder("denywatch.alerts.digests.failed").description("Digest delivery attempts that failed")
                .tag("sink", sink).tag("reason", reason.label()).register(registry).increment();
    }
}
