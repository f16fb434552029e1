package io.denywatch.alerts.digest;

import io.denywatch.contract.denial.Category;
import io.denywatch.contract.denial.EnrichedDenial;
import io.denywatch.contract.denial.Principal;
import io.denywatch.contract.incident.SpikeRecord;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a digest is built from, gathered record by record: the period's and the previous period's denials counted
 * (bounded by {@link PeriodCounts}), and the latest message of each incident active in the period. Fed by the topics
 * ({@link TopicDigestSource}) or by a scan's denials, so every digest is counted the same way.
 */
public final class DenialsRead {

    private final DigestPeriod period;
    private final PeriodCounts current;
    private final PeriodCounts previous;
    private final int maxIncidents;
    private final Map<String, SpikeRecord> incidents = new LinkedHashMap<>();
    private boolean previousComplete = true;

    public DenialsRead(DigestPeriod period, int maxKeys) {
        this.period = period;
        this.current = new PeriodCounts(maxKeys);
        this.previous = new PeriodCounts(maxKeys);
        this.maxIncidents = maxKeys;
    }

    /**
     * Counts one denial by its event time; denials outside both periods and failed sign-ins (which say nothing about
     * permissions) are left out.
     */
    public void denial(EnrichedDenial denial, Instant eventTime) {
        if (denial.category() != Category.AUTHORIZATION) {
            return;
        }
        PeriodCounts into = period.contains(eventTime) ? current
                : period.previous().contains(eventTime) ? previous : null;
        if (into != null) {
            into.add(principalOf(denial.principal()), actionOf(denial), DenialCause.of(denial.diagnosis()));
        }
    }

    /**
     * Takes an incident message published at {@code publishedAt}; the latest message before the period's end stands
     * for the incident, which is kept when it was active during the period.
     */
    public void incident(SpikeRecord spike, Instant publishedAt) {
        if (spike.incidentId() == null || !publishedAt.isBefore(period.end())) {
            return;
        }
        Instant started = spike.startedAt() != null ? spike.startedAt() : spike.firstSeen();
        Instant latest = spike.latestAt() != null ? spike.latestAt() : spike.lastSeen();
        if (started != null && !started.isBefore(period.end())) {
            return;
        }
        if (latest != null && latest.isBefore(period.start())) {
            incidents.remove(spike.incidentId());
            return;
        }
        if (incidents.containsKey(spike.incidentId()) || incidents.size() < maxIncidents) {
            incidents.put(spike.incidentId(), spike);
        }
    }

    /** The topic no longer holds the start of the previous period: changes are against what is left of it. */
    public void previousIncomplete() {
        previousComplete = false;
    }

    public DigestPeriod period() {
        return period;
    }

    public PeriodCounts current() {
        return current;
    }

    public PeriodCounts previous() {
        return previous;
    }

    public boolean previousComplete() {
        return previousComplete;
    }

    public Collection<SpikeRecord> incidents() {
        return incidents.values();
    }

    /** The IAM role or user the denial belongs to; the logged ARN when there is none. */
    static String principalOf(Principal principal) {
        if (principal.identityArn() != null) {
            return principal.identityArn();
        }
        return principal.arn() != null ? principal.arn() : "(unknown principal)";
    }

    static String actionOf(EnrichedDenial denial) {
        if (denial.action() != null) {
            return denial.action();
        }
        return denial.eventSource() + ":" + denial.eventName();
    }
}
