package io.denywatch.alerts.resolve;

import io.denywatch.contract.denial.Resolution;

import java.util.List;

/** What the alerts role makes of a lookup's answer. */
public final class Answers {

    private Answers() {
    }

    /**
     * True when the answer says something a reader can act on: the statements named, that the policies were read and
     * none explains the call, or that AWS refused the lookup (the reader role needs a permission). A lookup that
     * failed, found nowhere to look, or ran out of budget is not worth a message in every sink.
     */
    public static boolean worthTelling(Resolution answer) {
        if (answer == null) {
            return false;
        }
        return switch (answer.outcome()) {
            case RESOLVED -> !answer.statements().isEmpty() || !answer.summary().isBlank();
            case NO_MATCH -> true;
            case LOOKUP_DENIED -> !answer.summary().isBlank();
            default -> false;
        };
    }

    /** The answer given for a lookup that threw or completed exceptionally, which the contract forbids. */
    public static Resolution failed(Throwable cause) {
        // The exception's message may quote a policy or an address: its type says enough.
        String what = cause == null ? "unknown error" : cause.getClass().getSimpleName();
        return new Resolution(Resolution.Outcome.LOOKUP_FAILED, Resolution.Method.NONE,
                "The lookup failed (" + what + ").", List.of(), List.of());
    }
}
