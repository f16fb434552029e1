package io.denywatch.alerts.route;

import io.denywatch.alerts.incident.IncidentFacts;
import io.denywatch.contract.incident.SpikeRecord;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which incidents a sink starts following: those at or above a severity, of the listed accounts and dimensions (an
 * empty list means all). A sink following an incident gets its updates and resolution whatever the route says, so
 * PagerDuty, say, can take only incidents that reach CRITICAL and still resolve them when they end.
 *
 * @param minSeverity lowest severity given to the sink
 * @param accounts    account IDs, or empty for all
 * @param dimensions  dimension ids, or empty for all
 */
public record Route(SpikeRecord.Severity minSeverity, Set<String> accounts, Set<String> dimensions) {

    public static final Route EVERYTHING = new Route(SpikeRecord.Severity.MEDIUM, Set.of(), Set.of());

    public Route {
        accounts = Set.copyOf(accounts);
        dimensions = Set.copyOf(dimensions);
    }

    /** True when the sink should take up this incident. */
    public boolean accepts(SpikeRecord spike) {
        if (spike.severity() == null || spike.severity().compareTo(minSeverity) < 0) {
            return false;
        }
        if (!accounts.isEmpty()) {
            String account = new IncidentFacts(spike).account();
            if (account == null || !accounts.contains(account)) {
                return false;
            }
        }
        return dimensions.isEmpty() || dimensions.contains(spike.dimension());
    }

    /** The non-blank items of a comma-separated list. */
    public static Set<String> list(String commaSeparated) {
        if (commaSeparated == null) {
            return Set.of();
        }
        return Arrays.stream(commaSeparated.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }
}
