package io.denywatch.contract.denial;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * What a lookup in AWS added to a diagnosis: the statements behind the refusal, or why none could be named.
 *
 * @param outcome    whether the lookup named the statements
 * @param method     how they were found
 * @param summary    one sentence for a person: the statement and why, or what stopped the lookup
 * @param statements the statements named, most decisive first
 * @param notes      what else the lookup learned or could not settle (a message cut short, context values the
 *                   simulator lacked, a policy the reader role may not read)
 */
@JsonPropertyOrder({"outcome", "method", "summary", "statements", "notes"})
public record Resolution(Outcome outcome, Method method, String summary, List<StatementFinding> statements,
                         List<String> notes) {

    public Resolution {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(summary, "summary");
        statements = statements == null ? List.of() : List.copyOf(statements);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /** Whether the lookup named the statements behind the refusal. */
    public enum Outcome {
        /** One or more statements named. */
        RESOLVED,
        /** The policies were read, and none of their statements explains the call. */
        NO_MATCH,
        /** Nothing in the record says where to look (e.g. no principal, no policy layer). */
        NOT_RESOLVABLE,
        /** AWS refused the lookup itself (the reader role lacks a permission, or cannot be assumed). */
        LOOKUP_DENIED,
        /** The lookup failed or timed out; it may work later. */
        LOOKUP_FAILED,
        /** The hourly budget of lookups is spent. */
        BUDGET_SPENT
    }

    /** How the statements were found. */
    public enum Method {
        /** The policy documents were read and matched against the call. */
        POLICY_DOCUMENTS,
        /** AWS's encoded authorization message, decoded by STS. */
        DECODED_MESSAGE,
        /** IAM's policy simulator, given the call rebuilt from the record: a simulation, not the original decision. */
        SIMULATED,
        /** No lookup was made. */
        NONE
    }
}
