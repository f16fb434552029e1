package io.denywatch.resolve.policy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.denywatch.contract.denial.StatementFinding.ConditionCheck;
import io.denywatch.contract.denial.StatementFinding.ConditionCheck.Outcome;
import software.amazon.awssdk.policybuilder.iam.IamCondition;

/**
 * Holds a statement's conditions against what the record shows ("IAM JSON policy elements: Condition"; "Policy
 * evaluation logic"). The SDK's model gives one {@link IamCondition} per value; they are grouped back into one check
 * per operator and key, in the order the policy writes them. Within a check the values are ORed, and for a negated
 * operator NORed; the checks of a statement are ANDed by the caller.
 *
 * <p>What cannot be settled is UNKNOWN, never guessed: a key the record does not show (a key missing from the record
 * may still have been in the request, so {@code IfExists}, {@code Null} and {@code ForAllValues} cannot be settled by
 * its absence either), an operator not evaluated here ({@code BinaryEquals}), a variable the record does not show, or
 * a value that is not of the operator's type (e.g. {@code AWS Internal} as a source IP).
 */
final class ConditionEvaluator {

    /**
     * One check with, when its outcome is UNKNOWN, why.
     *
     * @param check      the check as the finding reports it
     * @param whyUnknown a clause saying what could not be settled; null unless the outcome is UNKNOWN
     */
    record Evaluated(ConditionCheck check, String whyUnknown) {
    }

    private record OperatorAndKey(String operator, String key) {
    }

    List<Evaluated> evaluate(List<IamCondition> conditions, RequestContext context) {
        Map<OperatorAndKey, List<String>> grouped = new LinkedHashMap<>();
        for (IamCondition condition : conditions) {
            grouped.computeIfAbsent(new OperatorAndKey(condition.operator().value(), condition.key().value()),
                    k -> new ArrayList<>()).add(condition.value());
        }
        List<Evaluated> checks = new ArrayList<>();
        grouped.forEach((operatorAndKey, values) ->
                checks.add(evaluate(operatorAndKey.operator(), operatorAndKey.key(), values, context)));
        return checks;
    }

    Evaluated evaluate(String operatorText, String key, List<String> values, RequestContext context) {
        String recordValue = context.value(key).orElse(null);
        Optional<ConditionOperator> operator = ConditionOperator.parse(operatorText);
        if (operator.isEmpty()) {
            return unknown(operatorText, key, values, recordValue,
                    "its operator " + operatorText + " is not evaluated from a record");
        }
        if (recordValue == null) {
            return unknown(operatorText, key, values, null, "the record does not show " + key);
        }
        if (operator.get().comparison() == ConditionOperator.Comparison.NULL) {
            return nullCheck(operatorText, key, values, recordValue);
        }
        Match any = Match.NO;
        List<String> unknownVariables = new ArrayList<>();
        for (String value : values) {
            any = any.or(compare(operator.get(), value, recordValue, context, unknownVariables));
        }
        Match holds = operator.get().negated() ? any.not() : any;
        if (holds != Match.UNSETTLED) {
            return new Evaluated(new ConditionCheck(operatorText, key, values, recordValue, outcome(holds)), null);
        }
        String why = unknownVariables.isEmpty()
                ? "the record's " + key + " value " + recordValue + " cannot be compared by " + operatorText
                : "its values use " + String.join(", ", unknownVariables) + ", which the record does not show";
        return unknown(operatorText, key, values, recordValue, why);
    }

    /** The key is in the record, so {@code Null: true} fails and {@code Null: false} holds. */
    private static Evaluated nullCheck(String operator, String key, List<String> values, String recordValue) {
        Match holds = Match.NO;
        for (String value : values) {
            if (value.equalsIgnoreCase("false")) {
                holds = Match.YES;
            } else if (!value.equalsIgnoreCase("true")) {
                return unknown(operator, key, values, recordValue, "its value " + value + " is not true or false");
            }
        }
        return new Evaluated(new ConditionCheck(operator, key, values, recordValue, outcome(holds)), null);
    }

    private static Match compare(ConditionOperator operator, String policyValue, String recordValue,
                                 RequestContext context, List<String> unknownVariables) {
        WildcardPattern pattern;
        if (operator.takesVariables()) {
            PolicyVariables.Filled filled = PolicyVariables.fill(policyValue, context);
            if (!filled.settled()) {
                unknownVariables.addAll(filled.unknownVariables());
                return Match.UNSETTLED;
            }
            pattern = filled.pattern();
        } else {
            pattern = WildcardPattern.literal(policyValue);
        }
        String expected = pattern.text();
        return switch (operator.comparison()) {
            case STRING_EQUALS -> Match.of(expected.equals(recordValue));
            case STRING_EQUALS_IGNORE_CASE -> Match.of(expected.equalsIgnoreCase(recordValue));
            case STRING_LIKE -> Match.of(pattern.matches(recordValue, false));
            case ARN_LIKE -> ArnPatterns.matches(pattern, recordValue);
            case BOOL -> bool(expected, recordValue);
            case IP_ADDRESS -> ip(expected, recordValue);
            case NUMERIC_EQUALS, NUMERIC_LESS_THAN, NUMERIC_LESS_THAN_EQUALS, NUMERIC_GREATER_THAN,
                 NUMERIC_GREATER_THAN_EQUALS -> ordered(operator.comparison(), number(recordValue), number(expected));
            case DATE_EQUALS, DATE_LESS_THAN, DATE_LESS_THAN_EQUALS, DATE_GREATER_THAN,
                 DATE_GREATER_THAN_EQUALS -> ordered(operator.comparison(), date(recordValue), date(expected));
            case NULL -> Match.UNSETTLED;
        };
    }

    private static Match bool(String expected, String recordValue) {
        if (!isBoolean(expected) || !isBoolean(recordValue)) {
            return Match.UNSETTLED;
        }
        return Match.of(expected.equalsIgnoreCase(recordValue));
    }

    private static boolean isBoolean(String text) {
        return text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false");
    }

    private static Match ip(String cidr, String recordValue) {
        Optional<IpRange> range = IpRange.parse(cidr);
        Optional<byte[]> address = IpRange.address(recordValue.trim());
        if (range.isEmpty() || address.isEmpty()) {
            return Match.UNSETTLED;
        }
        return Match.of(range.get().contains(address.get()));
    }

    /** Record value against policy value: {@code NumericLessThan} holds when the record's value is the smaller. */
    private static <T extends Comparable<T>> Match ordered(ConditionOperator.Comparison comparison,
                                                          Optional<T> recordValue, Optional<T> policyValue) {
        if (recordValue.isEmpty() || policyValue.isEmpty()) {
            return Match.UNSETTLED;
        }
        int order = recordValue.get().compareTo(policyValue.get());
        return Match.of(switch (comparison) {
            case NUMERIC_EQUALS, DATE_EQUALS -> order == 0;
            case NUMERIC_LESS_THAN, DATE_LESS_THAN -> order < 0;
            case NUMERIC_LESS_THAN_EQUALS, DATE_LESS_THAN_EQUALS -> order <= 0;
            case NUMERIC_GREATER_THAN, DATE_GREATER_THAN -> order > 0;
            case NUMERIC_GREATER_THAN_EQUALS, DATE_GREATER_THAN_EQUALS -> order >= 0;
            default -> throw new IllegalArgumentException("not an ordering: " + comparison);
        });
    }

    private static Optional<BigDecimal> number(String text) {
        try {
            return Optional.of(new BigDecimal(text.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Dates as the Date operators accept them: ISO 8601 forms, or seconds since the epoch. */
    static Optional<Instant> date(String text) {
        String value = text.trim();
        if (value.matches("-?\\d{1,12}")) {
            return Optional.of(Instant.ofEpochSecond(Long.parseLong(value)));
        }
        try {
            return Optional.of(OffsetDateTime.parse(value).toInstant());
        } catch (DateTimeParseException notOffset) {
            try {
                return Optional.of(LocalDateTime.parse(value).toInstant(ZoneOffset.UTC));
            } catch (DateTimeParseException notLocal) {
                try {
                    return Optional.of(LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC));
                } catch (DateTimeParseException notDate) {
                    return Optional.empty();
                }
            }
        }
    }

    private static Outcome outcome(Match holds) {
        return switch (holds) {
            case YES -> Outcome.HOLDS;
            case NO -> Outcome.DOES_NOT_HOLD;
            case UNSETTLED -> Outcome.UNKNOWN;
        };
    }

    private static Evaluated unknown(String operator, String key, List<String> values, String recordValue,
                                     String why) {
        return new Evaluated(new ConditionCheck(operator, key, values, recordValue, Outcome.UNKNOWN), why);
    }
}
