package io.denywatch.alerts.incident;

import io.denywatch.contract.incident.IncidentSize;
import io.denywatch.contract.incident.SpikeRecord;
import io.denywatch.contract.incident.ValueCount;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The facts an alert leads with, read from an incident message: the incident's whole size, who (the role or user, and
 * the session seen), what (action and resource family), and the key's baseline.
 *
 * <p>Values are returned raw, as they came from events; each destination escapes them for its own format. Reading an
 * ARN never fails: a value that does not look like one is shown whole.
 */
public final class IncidentFacts {

    private static final String ASSUMED_ROLE = ":assumed-role/";

    private final SpikeRecord spike;

    public IncidentFacts(SpikeRecord spike) {
        this.spike = Objects.requireNonNull(spike);
    }

    public SpikeRecord spike() {
        return spike;
    }

    /** The IAM user or role the denials were counted under, or {@code null} for the account dimension. */
    public String identityArn() {
        return spike.key() == null ? null : spike.key().principal();
    }

    /** The short name of the role or user: the last part of its ARN. */
    public String principalName() {
        String arn = identityArn();
        if (arn == null) {
            return null;
        }
        int slash = arn.lastIndexOf('/');
        if (slash >= 0 && slash < arn.length() - 1) {
            return arn.substring(slash + 1);
        }
        int colon = arn.lastIndexOf(':');
        return colon >= 0 && colon < arn.length() - 1 ? arn.substring(colon + 1) : arn;
    }

    /** The role session seen in the window, when the logged principal was an assumed role. */
    public String session() {
        String arn = spike.principalArn();
        if (arn == null || !arn.contains(ASSUMED_ROLE)) {
            return null;
        }
        int slash = arn.lastIndexOf('/');
        int roleStart = arn.indexOf(ASSUMED_ROLE) + ASSUMED_ROLE.length();
        return slash > roleStart && slash < arn.length() - 1 ? arn.substring(slash + 1) : null;
    }

    /** The action: the key's when counted by action, else the one denied most. */
    public String action() {
        String keyed = spike.key() == null ? null : spike.key().action();
        return keyed != null ? keyed : first(spike.topActions());
    }

    /** The resource family: the key's when counted by it, else the one denied most. */
    public String resourceFamily() {
        String keyed = spike.key() == null ? null : spike.key().resourceFamily();
        return keyed != null ? keyed : first(spike.topResourceFamilies());
    }

    /** Whether action and resource family are what the denials were counted by, rather than the most denied. */
    public boolean actionIsKeyed() {
        return spike.key() != null && spike.key().action() != null;
    }

    /** The account: the key's, else the one in the identity ARN. */
    public String account() {
        String keyed = spike.key() == null ? null : spike.key().account();
        if (keyed != null) {
            return keyed;
        }
        String arn = identityArn();
        if (arn == null) {
            return null;
        }
        String[] parts = arn.split(":", 6);
        return parts.length == 6 && !parts[4].isEmpty() ? parts[4] : null;
    }

    /** How long the window is, in whole minutes (at least 1). */
    public long windowMinutes() {
        if (spike.windowStart() == null || spike.windowEnd() == null) {
            return 1;
        }
        return Math.max(1, Duration.between(spike.windowStart(), spike.windowEnd()).toMinutes());
    }

    /** The baseline with one decimal, as people read it. */
    public String baselineText() {
        return String.format(Locale.ROOT, "%.1f", spike.baseline());
    }

    private static String first(List<ValueCount> entries) {
        return entries == null || entries.isEmpty() ? null : entries.get(0).value();
    }

    /** Who, in plain words: the role or user name, else the account. */
    public String who() {
        String name = principalName();
        if (name != null) {
            return name;
        }
        return account() != null ? "account " + account() : "unknown principal";
    }

    /**
     * The incident in one plain line, led by its whole size ({@link IncidentSize#phrase}), e.g. {@code 318 denials in
     * 15 min, peak 120 per 5 min — deploy-role denied, mostly s3:PutObject on s3:object (baseline 1.5 per 5 min)};
     * values are raw, the caller cleans or escapes them.
     */
    public String summary() {
        StringBuilder what = new StringBuilder();
        if (action() != null) {
            what.append(' ').append(action());
        }
        if (resourceFamily() != null) {
            what.append(" on ").append(resourceFamily());
        }
        String denied = what.length() == 0 ? " denied" : actionIsKeyed() ? " denied" + what : " denied, mostly" + what;
        return IncidentSize.phrase(spike) + " \u2014 " + who() + denied + " " + baselinePerWindow();
    }

    /** {@code (baseline 1.5 per 5 min)}: what the key usually has in one window. */
    public String baselinePerWindow() {
        return "(baseline " + baselineText() + " per " + windowMinutes() + " min)";
    }
}
