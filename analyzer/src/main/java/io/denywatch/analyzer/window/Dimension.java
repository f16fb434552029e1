package io.denywatch.analyzer.window;

import java.util.Locale;

/**
 * A way of grouping denials for counting: each denial is counted once per configured dimension, under the key this
 * dimension derives from it.
 */
public enum Dimension {
    /** The role or user denied, across everything it tried. */
    PRINCIPAL,
    /** One principal doing one action on one family of resources: the narrowest, most actionable incident. */
    PRINCIPAL_ACTION_RESOURCE,
    /** Everything denied in one account: a broken deployment or a new guardrail. */
    ACCOUNT;

    /** Separates the parts of a key; it cannot occur in an ARN, an action or an account id. */
    static final char SEPARATOR = '\u001f';

    /** The configuration and wire name: {@code principal}, {@code principal-action-resource}, {@code account}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses a configured name. */
    public static Dimension fromId(String id) {
        for (Dimension d : values()) {
            if (d.id().equals(id.trim())) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown dimension '" + id + "' (known: principal,"
                + " principal-action-resource, account)");
    }

    /** The key a denial is counted under; null when the denial lacks what this dimension needs. */
    public String keyOf(Occurrence o) {
        return switch (this) {
            case PRINCIPAL -> o.identityArn();
            case PRINCIPAL_ACTION_RESOURCE -> o.identityArn() == null ? null
                    : o.identityArn() + SEPARATOR + nullToEmpty(o.action()) + SEPARATOR
                    + nullToEmpty(o.resourceFamily());
            case ACCOUNT -> o.account();
        };
    }

    /** The key with its dimension, as the repartitioned stream carries it. */
    public String qualify(String key) {
        return id() + SEPARATOR + key;
    }

    /** The dimension of a qualified key. */
    public static Dimension ofQualified(String qualified) {
        return fromId(qualified.substring(0, qualified.indexOf(SEPARATOR)));
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
