package io.denywatch.analyzer.streams;

import io.denywatch.contract.denial.Diagnosis;
import io.denywatch.contract.denial.EnrichedDenial;
import io.denywatch.analyzer.window.Occurrence;
import io.denywatch.common.text.WellFormed;


/** Projects an enriched denial onto what the counts need. */
final class Occurrences {

    private Occurrences() {
    }

    /** @param eventTime the record's event time, as the windows see it */
    static Occurrence of(EnrichedDenial d, long eventTime) {
        Diagnosis g = d.diagnosis();
        // Cut between characters, never between the halves of a pair (an emoji in an object key, say).
        String message = WellFormed.cut(d.errorMessage(), Occurrence.MAX_MESSAGE);
        return new Occurrence(d.eventId(), d.requestId(), eventTime, d.principal().identityArn(),
                d.principal().arn(), d.recipientAccountId(), d.action(), d.resourceFamily(),
                d.resources().isEmpty() ? null : d.resources().get(0), d.errorCode(), message,
                new Occurrence.Why(g.denyKind().name(), g.policyType().name(), g.fixLocation().name(), g.policyArn(),
                        g.advice(), g.nextSteps()));
    }

}
