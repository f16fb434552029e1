package io.denywatch.alerts.digest;

import java.util.HashMap;
import java.util.Map;

/**
 * One period's denials counted for the digest, within fixed bounds: at most {@code maxKeys} principals, actions and
 * principal-action pairs each. A key that arrives once its map is full is counted under {@link #OTHER}, so totals stay
 * exact while memory stays bounded whatever the cardinality of a week's denials; {@link #approximate()} says so.
 */
public final class PeriodCounts {

    /** Where keys beyond the bound are counted. */
    public static final String OTHER = "(other)";

    /** Per principal: all its denials, and those of each cause. */
    public static final class PrincipalCounts {
        long denials;
        long implicitIdentity;
        long guardrail;

        public long denials() {
            return denials;
        }

        public long implicitIdentity() {
            return implicitIdentity;
        }

        public long guardrail() {
            return guardrail;
        }
    }

    private final int maxKeys;
    private final Map<String, PrincipalCounts> principals = new HashMap<>();
    private final Map<String, Long> actions = new HashMap<>();
    /** Principal and action joined by {@link #SEPARATOR}. */
    private final Map<String, Long> pairs = new HashMap<>();
    private long denials;
    private boolean approximate;

    static final char SEPARATOR = '\u0000';

    public PeriodCounts(int maxKeys) {
        this.maxKeys = maxKeys;
    }

    public void add(String principal, String action, DenialCause cause) {
        denials++;
        String p = bounded(principals, principal);
        String a = bounded(actions, action);
        PrincipalCounts counts = principals.computeIfAbsent(p, k -> new PrincipalCounts());
        counts.denials++;
        if (cause == DenialCause.IMPLICIT_IDENTITY) {
            counts.implicitIdentity++;
        } else if (cause == DenialCause.GUARDRAIL) {
            counts.guardrail++;
        }
        actions.merge(a, 1L, Long::sum);
        String pair = p.equals(OTHER) || a.equals(OTHER) ? OTHER : p + SEPARATOR + a;
        pairs.merge(bounded(pairs, pair), 1L, Long::sum);
    }

    private String bounded(Map<String, ?> map, String key) {
        if (map.containsKey(key) || map.size() < maxKeys) {
            return key;
        }
        approximate = true;
        return OTHER;
    }

    public long denials() {
        return denials;
    }

    public boolean approximate() {
        return approximate;
    }

    public Map<String, PrincipalCounts> principals() {
        return principals;
    }

    public Map<String, Long> actions() {
        return actions;
    }

    /** Pairs keyed by principal and action joined with a NUL, which neither an ARN nor an action holds. */
    public Map<String, Long> pairs() {
        return pairs;
    }

    public long actionCount(String action) {
        return actions.getOrDefault(action, 0L);
    }

    public long principalCount(String principal) {
        PrincipalCounts c = principals.get(principal);
        return c == null ? 0 : c.denials;
    }

    /** The number of keys held: what bounds the memory. */
    public int keys() {
        return principals.size() + actions.size() + pairs.size();
    }
}
