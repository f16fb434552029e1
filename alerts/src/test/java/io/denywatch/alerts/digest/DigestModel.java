package io.denywatch.alerts.digest;

import io.denywatch.contract.denial.Category;
import io.denywatch.contract.denial.DenyKind;
import io.denywatch.contract.denial.PolicyType;
import io.denywatch.contract.digest.Digest;

import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The digest's figures computed directly from a corpus, written apart from the production code (plain grouping over
 * the whole list, no bounds), to check a digest against.
 */
public final class DigestModel {

    private final List<Fortnight.Stamped> current;
    private final List<Fortnight.Stamped> previous;

    public DigestModel(List<Fortnight.Stamped> corpus, DigestPeriod period) {
        List<Fortnight.Stamped> authorization = corpus.stream()
                .filter(s -> s.denial().category() == Category.AUTHORIZATION).toList();
        this.current = authorization.stream().filter(s -> period.contains(s.at())).toList();
        this.previous = authorization.stream().filter(s -> period.previous().contains(s.at())).toList();
    }

    private static Map<String, Long> count(List<Fortnight.Stamped> in, Function<Fortnight.Stamped, String> key) {
        return in.stream().collect(Collectors.groupingBy(key, Collectors.counting()));
    }

    private static String role(Fortnight.Stamped s) {
        return s.denial().principal().identityArn();
    }

    private static String pair(Fortnight.Stamped s) {
        return role(s) + " " + s.denial().action();
    }

    private static List<Digest.Ranked> top(Map<String, Long> now, Map<String, Long> before, int n) {
        return now.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(n).map(e -> new Digest.Ranked(e.getKey(), e.getValue(), before.getOrDefault(e.getKey(), 0L)))
                .toList();
    }

    /** Checks every figure of {@code digest} against the corpus. */
    public void check(Digest digest, int n) {
        assertEquals(current.size(), digest.denials(), "denials");
        assertEquals(previous.size(), digest.previousDenials(), "previous denials");
        Map<String, Long> roles = count(current, DigestModel::role);
        assertEquals(roles.size(), digest.principals(), "principals");
        assertEquals(top(roles, count(previous, DigestModel::role), n), digest.topPrincipals(), "top principals");
        assertEquals(top(count(current, s -> s.denial().action()), count(previous, s -> s.denial().action()), n),
                digest.topActions(), "top actions");

        Set<String> missing = new HashSet<>();
        Set<String> guarded = new HashSet<>();
        for (String role : roles.keySet()) {
            List<Fortnight.Stamped> mine = current.stream().filter(s -> role.equals(role(s))).toList();
            long implicit = mine.stream().filter(s -> s.denial().diagnosis().denyKind() == DenyKind.IMPLICIT
                    && s.denial().diagnosis().policyType() == PolicyType.IDENTITY_BASED).count();
            long guardrail = mine.stream().filter(s -> {
                var d = s.denial().diagnosis();
                return d.denyKind() == DenyKind.EXPLICIT || d.policyType() == PolicyType.SERVICE_CONTROL_POLICY
                        || d.policyType() == PolicyType.RESOURCE_CONTROL_POLICY
                        || d.policyType() == PolicyType.PERMISSIONS_BOUNDARY;
            }).count();
            if (implicit * 2 > mine.size()) {
                missing.add(role);
            } else if (guardrail * 2 > mine.size()) {
                guarded.add(role);
            }
        }
        Set<String> shownMissing = digest.missingPermissions().stream().map(Digest.PrincipalShare::principal)
                .collect(Collectors.toSet());
        Set<String> shownGuarded = digest.stoppedByGuardrails().stream().map(Digest.PrincipalShare::principal)
                .collect(Collectors.toSet());
        assertEquals(Math.min(n, missing.size()), shownMissing.size(), "missing-permission candidates shown");
        assertEquals(true, missing.containsAll(shownMissing), "every candidate shown is one");
        assertEquals(Math.min(n, guarded.size()), shownGuarded.size(), "guarded principals shown");
        assertEquals(true, guarded.containsAll(shownGuarded), "every guarded principal shown is one");

        Set<String> before = previous.stream().map(DigestModel::pair).collect(Collectors.toSet());
        Map<String, Long> fresh = new HashMap<>(count(current, DigestModel::pair));
        fresh.keySet().removeAll(before);
        assertEquals(fresh.size(), digest.newPairsTotal(), "new pairs");
        List<String> expectedNew = fresh.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(n).map(e -> e.getKey() + "=" + e.getValue()).toList();
        assertEquals(expectedNew, digest.newPairs().stream()
                .map(p -> p.principal() + " " + p.action() + "=" + p.denials()).toList(), "new pairs shown");
        assertEquals(false, digest.approximate());
    }

    /** The incidents a digest of the fortnight holds, largest first: id and size. */
    public static List<String> expectedIncidents() {
        return List.of("dw-a:120:true", "dw-c:70:false", "dw-b:45:false");
    }

    public static List<String> incidents(Digest digest) {
        return digest.incidents().stream().sorted(Comparator.comparingLong(Digest.IncidentLine::totalCount).reversed())
                .map(i -> i.incidentId() + ":" + i.totalCount() + ":" + i.resolved()).toList();
    }
}
