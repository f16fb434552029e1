package io.denywatch.cli.scan;

import io.denywatch.alerts.config.AlertSettings;
import io.denywatch.alerts.digest.DenialCause;
import io.denywatch.alerts.digest.SpanDigest;
import io.denywatch.contract.denial.Category;
import io.denywatch.contract.denial.EnrichedDenial;
import io.denywatch.contract.incident.SpikeRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A scan's running totals, fed with what the analyzer publishes, and the report they make. */
final class ScanTotals {

    private static final int TOP = 10;
    private static final int DIGEST_MAX_KEYS = AlertSettings.DIGEST_MAX_KEYS.defaultValue();

    long files;
    long events;
    private long authorization;
    private long authentication;
    private final Map<String, Long> byPolicyType = new HashMap<>();
    private final Map<String, Long> byErrorCode = new HashMap<>();
    private final Map<String, Long> principals = new HashMap<>();
    private final Map<String, Long> actions = new HashMap<>();
    private final Map<String, SpikeRecord> incidents = new LinkedHashMap<>();
    private final List<ScanReport.Problem> errors = new ArrayList<>();
    private final TreeMap<Instant, Long> perMinute = new TreeMap<>();
    private final SpanDigest digest = new SpanDigest(DIGEST_MAX_KEYS);

    void problem(ScanReport.Problem problem) {
        errors.add(problem);
    }

    void problems(List<ScanReport.Problem> problems) {
        errors.addAll(problems);
    }

    /** An incident message: the incident is reported as its latest message says. */
    void incident(SpikeRecord message) {
        incidents.put(message.incidentId(), message);
    }

    /** One published denial. */
    void denial(EnrichedDenial d) {
        if (d.category() != Category.AUTHORIZATION) {
            authentication++;
            return;
        }
        authorization++;
        Instant eventTime = null;
        if (d.eventTime() != null) {
            try {
                eventTime = Instant.parse(d.eventTime());
                perMinute.merge(eventTime.truncatedTo(ChronoUnit.MINUTES), 1L, Long::sum);
            } catch (DateTimeParseException e) {
                // counted everywhere else; only the chart and the digest's span cannot place it
            }
        }
        byPolicyType.merge(d.diagnosis().policyType().name(), 1L, Long::sum);
        byErrorCode.merge(d.errorCode() == null ? "none" : d.errorCode(), 1L, Long::sum);
        String who = d.principal().identityArn() != null ? d.principal().identityArn()
                : d.principal().arn() != null ? d.principal().arn() : "unknown";
        principals.merge(who, 1L, Long::sum);
        if (d.action() != null) {
            actions.merge(d.action(), 1L, Long::sum);
        }
        digest.add(who, d.action() != null ? d.action() : d.eventSource() + ":" + d.eventName(),
                DenialCause.of(d.diagnosis()), eventTime);
    }

    /** The report, with the duplicates and ignored denials the analyzer counted in {@code registry}. */
    ScanReport report(MeterRegistry registry) {
        return new ScanReport(files, events, authorization, authentication,
                (long) count(registry, "denywatch.analyzer.duplicates.dropped"),
                (long) count(registry, "denywatch.analyzer.ignored"),
                new TreeMap<>(byPolicyType), new TreeMap<>(byErrorCode), top(principals), top(actions),
                new ArrayList<>(incidents.values()), List.copyOf(errors), digest.digest(incidents.values(), TOP),
                new TreeMap<>(perMinute));
    }

    private static double count(MeterRegistry registry, String meter) {
        return registry.find(meter).counters().stream().mapToDouble(Counter::count).sum();
    }

    private static List<ScanReport.Ranked> top(Map<String, Long> counts) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(TOP).map(e -> new ScanReport.Ranked(e.getKey(), e.getValue())).toList();
    }
}
