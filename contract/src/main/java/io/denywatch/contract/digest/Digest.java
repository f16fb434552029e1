package io.denywatch.contract.digest;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.time.Instant;
import java.util.List;

/**
 * The picture of one period's denials, sent once per period to each sink: who is denied most, which roles look
 * under-scoped (mostly implicit identity-policy denials) and which are stopped by guardrails, what is denied now that
 * was not before, and the period's incidents. The JSON contract is published as {@code schemas/digest.v1.schema.json}.
 *
 * <p>Every list is cut to the digest's size ({@code top} entries); the totals beside them say how many there were.
 * Names (roles, actions) are as CloudTrail logged them: renderings escape them as they escape alerts.
 *
 * @param schemaVersion    {@link #SCHEMA_VERSION}
 * @param digestId         {@code digest-} and the period's start, the same for every sink: a receiver may drop repeats
 * @param periodStart      start of the period, inclusive (event time)
 * @param periodEnd        end of the period, exclusive
 * @param previousStart    start of the period compared with; it ends at {@code periodStart}
 * @param previousComplete false when the denial topic no longer holds the whole previous period, so the changes are
 *                         measured against what is left of it
 * @param denials          denials in the period
 * @param previousDenials  denials in the previous period
 * @param principals       distinct principals denied in the period
 * @param topPrincipals    the most denied principals (IAM role or user ARNs), with the previous period's count
 * @param topActions       the most denied actions, with the previous period's count
 * @param missingPermissions principals whose denials are mostly implicit identity-policy denials: nothing in their own
 *                         policies allows what they try, so they may lack a permission (under-scoped)
 * @param stoppedByGuardrails principals whose denials are mostly guardrails (an SCP, an RCP, a permissions boundary,
 *                         an explicit deny): the controls doing their job, or a workload trying what it should not
 * @param newPairs         principal and action denied this period and not in the previous one, most denied first
 * @param newPairsTotal    how many such pairs there were in all
 * @param incidents        the period's incidents, largest first
 * @param incidentsTotal   how many incidents there were in all
 * @param approximate      true when a bound on distinct keys was reached: the rest were counted as {@code (other)}
 */
@JsonPropertyOrder({"schemaVersion", "digestId", "periodStart", "periodEnd", "previousStart", "previousComplete",
        "denials", "previousDenials", "principals", "topPrincipals", "topActions", "missingPermissions",
        "stoppedByGuardrails", "newPairs", "newPairsTotal", "incidents", "incidentsTotal", "approximate"})
public record Digest(int schemaVersion, String digestId, Instant periodStart, Instant periodEnd,
                     Instant previousStart, boolean previousComplete, long denials, long previousDenials,
                     long principals, List<Ranked> topPrincipals, List<Ranked> topActions,
                     List<PrincipalShare> missingPermissions, List<PrincipalShare> stoppedByGuardrails,
                     List<NewPair> newPairs, long newPairsTotal, List<IncidentLine> incidents, long incidentsTotal,
                     boolean approximate) {

    public static final int SCHEMA_VERSION = 1;

    /** The schema's classpath location. */
    public static final String SCHEMA_RESOURCE = "/schemas/digest.v1.schema.json";

    public Digest {
        topPrincipals = List.copyOf(topPrincipals);
        topActions = List.copyOf(topActions);
        missingPermissions = List.copyOf(missingPermissions);
        stoppedByGuardrails = List.copyOf(stoppedByGuardrails);
        newPairs = List.copyOf(newPairs);
        incidents = List.copyOf(incidents);
    }

    /** The id every rendering and receiver uses for the digest of the period starting at {@code periodStart}. */
    public static String idFor(Instant periodStart) {
        return "digest-" + periodStart;
    }

    /**
     * One name and its denials in this period and the previous one.
     *
     * @param name     a principal's ARN or an action
     * @param denials  this period
     * @param previous the previous period
     */
    public record Ranked(String name, long denials, long previous) {

        /** The change from the previous period. */
        public long change() {
            return denials - previous;
        }
    }

    /**
     * A principal and what stopped it.
     *
     * @param principal        the IAM role or user ARN
     * @param denials          its denials in the period
     * @param implicitIdentity those where no identity-based policy allowed the action
     * @param guardrail        those stopped by an SCP, RCP, permissions boundary or explicit deny
     * @param topAction        its most denied action
     */
    public record PrincipalShare(String principal, long denials, long implicitIdentity, long guardrail,
                                 String topAction) {
    }

    /**
     * A principal denied an action this period that it was not denied in the previous one.
     *
     * @param principal the IAM role or user ARN
     * @param action    the action
     * @param denials   how often, this period
     */
    public record NewPair(String principal, String action, long denials) {
    }

    /**
     * One incident of the period as it last stood.
     *
     * @param incidentId the incident
     * @param severity   its severity
     * @param principal  whom it was about, when a principal
     * @param action     its most denied action
     * @param size       its whole size in words ({@code 60 denials in 14 min, peak 40 per 5 min})
     * @param totalCount its denials
     * @param startedAt  its first denial
     * @param resolved   true once it was over
     */
    public record IncidentLine(String incidentId, String severity, String principal, String action, String size,
                               long totalCount, Instant startedAt, boolean resolved) {
    }
}
