package io.denywatch.alerts.render;

import io.denywatch.contract.digest.Digest;
import io.denywatch.contract.incident.IncidentSize;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The words every rendering of a digest shares: its title, its span, and changes as people read them. Nothing here
 * comes from events, so none of it needs escaping.
 */
public final class DigestWording {

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm")
            .withZone(ZoneOffset.UTC);

    private DigestWording() {
    }

    /** {@code Weekly denial digest}, {@code Daily denial digest}, else {@code Denial digest (3 h)}. */
    public static String title(Digest digest) {
        Duration length = Duration.between(digest.periodStart(), digest.periodEnd());
        if (length.equals(Duration.ofDays(7))) {
            return "Weekly denial digest";
        }
        if (length.equals(Duration.ofDays(1))) {
            return "Daily denial digest";
        }
        return "Denial digest (" + IncidentSize.span(length) + ")";
    }

    /** {@code Mon 2026-11-30 09:00 – Mon 2026-12-07 09:00 UTC}. */
    public static String span(Digest digest) {
        return MINUTE.format(digest.periodStart()) + " \u2013 " + MINUTE.format(digest.periodEnd()) + " UTC";
    }

    /** The period's total against the previous one: {@code 1234 denials (+134, +12% on the period before)}. */
    public static String totals(Digest digest) {
        String line = digest.denials() + plural(digest.denials(), " denial", " denials") + " ("
                + change(digest.denials(), digest.previousDenials()) + " on the period before), "
                + digest.principals() + plural(digest.principals(), " principal", " principals") + " denied";
        if (!digest.previousComplete()) {
            line += "; the previous period was not read in full, so changes are against what was";
        }
        if (digest.approximate()) {
            line += "; more distinct names than the digest keeps: the rest are counted as (other)";
        }
        return line;
    }

    /** {@code +12}, {@code -3}, {@code ±0}, with the relative change when there was a previous count, or {@code new}. */
    public static String change(long now, long before) {
        if (before == 0) {
            return now == 0 ? "\u00b10" : "new";
        }
        long diff = now - before;
        String sign = diff > 0 ? "+" : diff < 0 ? "\u2212" : "\u00b1";
        long percent = Math.round(Math.abs(diff) * 100.0 / before);
        return sign + Math.abs(diff) + ", " + sign + percent + "%";
    }

    /** How a principal's denials split: {@code 120 of 130 implicit identity-policy denials}. */
    public static String implicitShare(Digest.PrincipalShare share) {
        return share.implicitIdentity() + " of " + share.denials() + " implicit identity-policy denials";
    }

    /** {@code 120 of 130 by guardrails}. */
    public static String guardrailShare(Digest.PrincipalShare share) {
        return share.guardrail() + " of " + share.denials() + " stopped by guardrails";
    }

    /** {@code and 12 more} when a list was cut, else the empty string. */
    public static String more(long total, int shown) {
        return total > shown ? "and " + (total - shown) + " more" : "";
    }

    static String plural(long n, String one, String many) {
        return n == 1 ? one : many;
    }

    public static final String MISSING_HEADING = "Missing a permission? Mostly implicit identity-policy denials";
    public static final String GUARDRAIL_HEADING =
            "Stopped by guardrails: mostly SCP, RCP, permissions boundary or explicit denies";
    public static final String NEW_PAIRS_HEADING = "Denied this period, not in the period before";
}
