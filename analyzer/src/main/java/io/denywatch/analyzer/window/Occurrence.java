package io.denywatch.analyzer.window;

import io.denywatch.common.text.WellFormed;

import java.util.List;

/**
 * What the windowed counts need to know of one authorization denial: a compact projection of the enriched denial,
 * so that the repartition topics behind the counts carry a fraction of its size.
 *
 * @param eventTime      event time, epoch milliseconds
 * @param identityArn    the IAM user or role the call belongs to
 * @param principalArn   the ARN as logged (for a role, the session)
 * @param account        the account the call was made in ({@code recipientAccountId})
 * @param action         {@code service:Action}
 * @param resourceFamily low-cardinality grouping of the resources, or null
 * @param resource       the first resource named, or null
 * @param errorMessage   the error message, cut to {@link #MAX_MESSAGE} characters
 * @param diagnosis      why it was denied and where the fix lives
 */
public record Occurrence(
        String eventId,
        String requestId,
        long eventTime,
        String identityArn,
        String principalArn,
        String account,
        String action,
        String resourceFamily,
        String resource,
        String errorCode,
        String errorMessage,
        Why diagnosis) {

    /**
     * Every text well-formed ({@link WellFormed}): an occurrence is written to the repartition and the window state in
     * Smile, which refuses an unpaired surrogate, and one such event would otherwise stop the counting for good.
     */
    public Occurrence {
        eventId = WellFormed.text(eventId);
        requestId = WellFormed.text(requestId);
        identityArn = WellFormed.text(identityArn);
        principalArn = WellFormed.text(principalArn);
        account = WellFormed.text(account);
        action = WellFormed.text(action);
        resourceFamily = WellFormed.text(resourceFamily);
        resource = WellFormed.text(resource);
        errorCode = WellFormed.text(errorCode);
        errorMessage = WellFormed.text(errorMessage);
    }

    /** Error messages longer than this are cut: the top-messages list is for recognising, not for reading. */
    public static final int MAX_MESSAGE = 300;

    /**
     * The diagnosis fields that an incident reports for its dominant reason.
     *
     * @param denyKind    EXPLICIT, IMPLICIT or UNKNOWN
     * @param policyType  which policy layer refused
     * @param fixLocation where the fix lives
     */
    public record Why(String denyKind, String policyType, String fixLocation, String policyArn, String advice,
                      List<String> nextSteps) {

        public Why {
            policyArn = WellFormed.text(policyArn);
            advice = WellFormed.text(advice);
            nextSteps = nextSteps == null ? List.of() : nextSteps.stream().map(WellFormed::text).toList();
        }

        /** The identity of a reason, for counting which one dominates. */
        public String label() {
            return denyKind + " " + policyType;
        }
    }
}
