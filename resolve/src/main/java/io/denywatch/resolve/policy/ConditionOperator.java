package io.denywatch.resolve.policy;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A condition operator as a policy writes it, taken apart: the optional {@code ForAnyValue:} or {@code ForAllValues:}
 * set qualifier, the base operator, and the optional {@code IfExists} suffix ("IAM JSON policy elements: Condition
 * operators"; "Multivalued context keys").
 *
 * @param written    the operator as written
 * @param comparison how one policy value is compared with the record's value
 * @param negated    a negated operator ({@code StringNotEquals}, {@code NotIpAddress}, ...): it holds when the record's
 *                   value matches none of the policy values
 * @param ifExists   the {@code IfExists} suffix
 */
record ConditionOperator(String written, Comparison comparison, boolean negated, boolean ifExists) {

    /** How one policy value is compared with the value the record shows. */
    enum Comparison {
        STRING_EQUALS, STRING_EQUALS_IGNORE_CASE, STRING_LIKE, ARN_LIKE, BOOL, IP_ADDRESS,
        NUMERIC_EQUALS, NUMERIC_LESS_THAN, NUMERIC_LESS_THAN_EQUALS, NUMERIC_GREATER_THAN,
        NUMERIC_GREATER_THAN_EQUALS,
        DATE_EQUALS, DATE_LESS_THAN, DATE_LESS_THAN_EQUALS, DATE_GREATER_THAN, DATE_GREATER_THAN_EQUALS,
        NULL
    }

    private record Base(Comparison comparison, boolean negated) {
    }

    // ArnEquals behaves as ArnLike: AWS documents both as the same part-by-part match with wildcards.
    private static final Map<String, Base> BASES = Map.ofEntries(
            Map.entry("stringequals", new Base(Comparison.STRING_EQUALS, false)),
            Map.entry("stringnotequals", new Base(Comparison.STRING_EQUALS, true)),
            Map.entry("stringequalsignorecase", new Base(Comparison.STRING_EQUALS_IGNORE_CASE, false)),
            Map.entry("stringnotequalsignorecase", new Base(Comparison.STRING_EQUALS_IGNORE_CASE, true)),
            Map.entry("stringlike", new Base(Comparison.STRING_LIKE, false)),
            Map.entry("stringnotlike", new Base(Comparison.STRING_LIKE, true)),
            Map.entry("arnequals", new Base(Comparison.ARN_LIKE, false)),
            Map.entry("arnlike", new Base(Comparison.ARN_LIKE, false)),
            Map.entry("arnnotequals", new Base(Comparison.ARN_LIKE, true)),
            Map.entry("arnnotlike", new Base(Comparison.ARN_LIKE, true)),
            Map.entry("bool", new Base(Comparison.BOOL, false)),
            Map.entry("ipaddress", new Base(Comparison.IP_ADDRESS, false)),
            Map.entry("notipaddress", new Base(Comparison.IP_ADDRESS, true)),
            Map.entry("numericequals", new Base(Comparison.NUMERIC_EQUALS, false)),
            Map.entry("numericnotequals", new Base(Comparison.NUMERIC_EQUALS, true)),
            Map.entry("numericlessthan", new Base(Comparison.NUMERIC_LESS_THAN, false)),
            Map.entry("numericlessthanequals", new Base(Comparison.NUMERIC_LESS_THAN_EQUALS, false)),
            Map.entry("numericgreaterthan", new Base(Comparison.NUMERIC_GREATER_THAN, false)),
            Map.entry("numericgreaterthanequals", new Base(Comparison.NUMERIC_GREATER_THAN_EQUALS, false)),
            Map.entry("dateequals", new Base(Comparison.DATE_EQUALS, false)),
            Map.entry("datenotequals", new Base(Comparison.DATE_EQUALS, true)),
            Map.entry("datelessthan", new Base(Comparison.DATE_LESS_THAN, false)),
            Map.entry("datelessthanequals", new Base(Comparison.DATE_LESS_THAN_EQUALS, false)),
            Map.entry("dategreaterthan", new Base(Comparison.DATE_GREATER_THAN, false)),
            Map.entry("dategreaterthanequals", new Base(Comparison.DATE_GREATER_THAN_EQUALS, false)),
            Map.entry("null", new Base(Comparison.NULL, false)));

    /** The operator taken apart, or empty when it is one this matcher does not evaluate (e.g. BinaryEquals). */
    static Optional<ConditionOperator> parse(String written) {
        String rest = written.trim();
        String lower = rest.toLowerCase(Locale.ROOT);
        for (String qualifier : new String[] {"foranyvalue:", "forallvalues:"}) {
            if (lower.startsWith(qualifier)) {
                rest = rest.substring(qualifier.length());
                lower = lower.substring(qualifier.length());
            }
        }
        boolean ifExists = lower.endsWith("ifexists");
        if (ifExists) {
            lower = lower.substring(0, lower.length() - "ifexists".length());
        }
        Base base = BASES.get(lower);
        if (base == null || (ifExists && base.comparison() == Comparison.NULL)) {
            return Optional.empty();
        }
        return Optional.of(new ConditionOperator(written, base.comparison(), base.negated(), ifExists));
    }

    /** Policy variables are filled in for string and ARN operators only ("IAM policy elements: Variables and tags"). */
    boolean takesVariables() {
        return switch (comparison) {
            case STRING_EQUALS, STRING_EQUALS_IGNORE_CASE, STRING_LIKE, ARN_LIKE -> true;
            default -> false;
        };
    }
}
