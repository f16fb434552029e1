package io.denywatch.alerts.digest;

import io.denywatch.contract.digest.Digest;
import io.denywatch.contract.incident.IncidentSize;
import io.denywatch.contract.incident.SpikeRecord;
import io.denywatch.contract.incident.ValueCount;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns two periods' counts and the period's incidents into the {@link Digest}: pure, so that the same picture comes
 * from the alerts role, the {@code digest} command and a scan.
 *
 * <p>A principal is a candidate for a missing permission when more than half of its denials are implicit
 * identity-policy denials, and stopped by guardrails when more than half are SCP, RCP, boundary or explicit denies.
 * Ties in every ranking are broken by name, so the digest is the same on every instance.
 */
public final class DigestBuilder {

    private final int top;

    /** @param top how many entries each list keeps */
    public DigestBuilder(int top) {
        this.top = top;
    }

    public Digest build(DigestPeriod period, PeriodCounts current, PeriodCounts previous, boolean previousComplete,
                        Collection<SpikeRecord> incidents) {
        List<Digest.Ranked> principals = ranked(current.principals().entrySet().stream()
                .map(e -> new Digest.Ranked(e.getKey(), e.getValue().denials(),
                        previous.principalCount(e.getKey()))).toList());
        List<Digest.Ranked> actions = ranked(current.actions().entrySet().stream()
                .map(e -> new Digest.Ranked(e.getKey(), e.getValue(), previous.actionCount(e.getKey()))).toList());
        List<Digest.PrincipalShare> missing = new ArrayList<>();
        List<Digest.PrincipalShare> guarded = new ArrayList<>();
        Map<String, String> topActions = topActions(current);
        for (Map.Entry<String, PeriodCounts.PrincipalCounts> e : current.principals().entrySet()) {
            PeriodCounts.PrincipalCounts c = e.getValue();
            if (e.getKey().equals(PeriodCounts.OTHER)) {
                continue;
            }
            if (2 * c.implicitIdentity() > c.denials()) {
                missing.add(share(e.getKey(), c, topActions));
            } else if (2 * c.guardrail() > c.denials()) {
                guarded.add(share(e.getKey(), c, topActions));
            }
        }
        List<Digest.NewPair> newPairs = new ArrayList<>();
        for (Map.Entry<String, Long> e : current.pairs().entrySet()) {
            if (!e.getKey().equals(PeriodCounts.OTHER) && !previous.pairs().containsKey(e.getKey())) {
                int cut = e.getKey().indexOf(PeriodCounts.SEPARATOR);
                newPairs.add(new Digest.NewPair(e.getKey().substring(0, cut), e.getKey().substring(cut + 1),
                        e.getValue()));
            }
        }
        newPairs.sort(Comparator.comparingLong(Digest.NewPair::denials).reversed()
                .thenComparing(Digest.NewPair::principal).thenComparing(Digest.NewPair::action));
        List<Digest.IncidentLine> lines = incidents.stream().map(DigestBuilder::line)
                .sorted(Comparator.comparingLong(Digest.IncidentLine::totalCount).reversed()
                        .thenComparing(Digest.IncidentLine::incidentId)).toList();
        Comparator<Digest.PrincipalShare> byDenials = Comparator.comparingLong(Digest.PrincipalShare::denials)
                .reversed().thenComparing(Digest.PrincipalShare::principal);
        missing.sort(byDenials);
        guarded.sort(byDenials);
        return new Digest(Digest.SCHEMA_VERSION, Digest.idFor(period.start()), period.start(), period.end(),
                period.previous().start(), previousComplete, current.denials(), previous.denials(),
                current.principals().keySet().stream().filter(p -> !p.equals(PeriodCounts.OTHER)).count(),
                firstN(principals), firstN(actions), firstN(missing), firstN(guarded), firstN(newPairs),
                newPairs.size(), firstN(lines), lines.size(), current.approximate() || previous.approximate());
    }

    private List<Digest.Ranked> ranked(List<Digest.Ranked> all) {
        return all.stream().sorted(Comparator.comparingLong(Digest.Ranked::denials).reversed()
                .thenComparing(Digest.Ranked::name)).toList();
    }

    private <T> List<T> firstN(List<T> all) {
        return all.size() <= top ? all : all.subList(0, top);
    }

    private static Digest.PrincipalShare share(String principal, PeriodCounts.PrincipalCounts c,
                                               Map<String, String> topActions) {
        return new Digest.PrincipalShare(principal, c.denials(), c.implicitIdentity(), c.guardrail(),
                topActions.get(principal));
    }

    /**
     * Each principal's most denied action (the first by name among equals), in one pass over the pairs: a scan of a
     * day's logs has thousands of principals and pairs, too many to search the pairs once per principal.
     */
    private static Map<String, String> topActions(PeriodCounts counts) {
        Map<String, String> best = new HashMap<>();
        Map<String, Long> most = new HashMap<>();
        for (Map.Entry<String, Long> e : counts.pairs().entrySet()) {
            int cut = e.getKey().indexOf(PeriodCounts.SEPARATOR);
            if (cut < 0) {
                continue;
            }
            String principal = e.getKey().substring(0, cut);
            String action = e.getKey().substring(cut + 1);
            long count = e.getValue();
            Long top = most.get(principal);
            if (top == null || count > top || (count == top && action.compareTo(best.get(principal)) < 0)) {
                best.put(principal, action);
                most.put(principal, count);
            }
        }
        return best;
    }

    private static Digest.IncidentLine line(SpikeRecord spike) {
        String principal = spike.principalArn() != null ? spike.principalArn()
                : spike.key() == null ? null : spike.key().principal();
        String action = spike.key() != null && spike.key().action() != null ? spike.key().action()
                : spike.topActions() == null || spike.topActions().isEmpty() ? null
                : topValue(spike.topActions());
        return new Digest.IncidentLine(spike.incidentId(), spike.severity() == null ? null : spike.severity().name(),
                principal, action, IncidentSize.whole(spike), spike.total(), spike.startedAt() != null
                ? spike.startedAt() : spike.firstSeen(), spike.state() == SpikeRecord.State.RESOLVED);
    }

    private static String topValue(List<ValueCount> counts) {
        return counts.get(0).value();
    }
}
