package io.denywatch.analyzer.spike;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.denywatch.analyzer.window.TopCounts;

import java.time.Instant;
import java.util.List;

/**
 * One message about an incident on the spike topic: opened, grown, or resolved. Every message of one incident
 * carries the same {@code incidentId}; the JSON contract is published as {@code schemas/deny-spike.v1.schema.json}.
 *
 * @param baseline the key's baseline (denials per window) when the incident opened
 * @param count    denials in the window reported
 */
@JsonPropertyOrder({"schemaVersion", "incidentId", "state", "severity", "dimension", "key", "windowStart",
        "windowEnd", "count", "baseline", "firstSeen", "lastSeen", "openedAt", "principalArn", "topActions",
        "topResources", "topResourceFamilies", "topErrorMessages", "topPolicyTypes", "sampleEventIds",
        "sampleRequestIds", "diagnosis"})
public record SpikeRecord(
        int schemaVersion,
        String incidentId,
        State state,
        Severity severity,
        String dimension,
        Key key,
        Instant windowStart,
        Instant windowEnd,
        long count,
        double baseline,
        Instant firstSeen,
        Instant lastSeen,
        Instant openedAt,
        String principalArn,
        List<TopCounts.Entry> topActions,
        List<TopCounts.Entry> topResources,
        List<TopCounts.Entry> topResourceFamilies,
        List<TopCounts.Entry> topErrorMessages,
        List<TopCounts.Entry> topPolicyTypes,
        List<String> sampleEventIds,
        List<String> sampleRequestIds,
        Reason diagnosis) {

    public static final int SCHEMA_VERSION = 1;

    /** Where an incident is in its life. */
    public enum State { OPEN, UPDATE, RESOLVED }

    /** How loud the incident is, from its count against the rules' minimum. */
    public enum Severity { MEDIUM, HIGH, CRITICAL }

    /**
     * The key the denials were counted under, as parts; the parts a dimension does not use are null.
     *
     * @param principal      the IAM user or role (identity ARN)
     * @param action         {@code service:Action}
     * @param resourceFamily the resource family
     * @param account        the account
     */
    public record Key(String principal, String action, String resourceFamily, String account) {
    }

    /**
     * The dominant reason in the window.
     */
    public record Reason(String denyKind, String policyType, String fixLocation, String policyArn, String advice,
                         List<String> nextSteps) {
    }

    /** The same message in another state, at another time. */
    SpikeRecord withState(State newState) {
        return new SpikeRecord(schemaVersion, incidentId, newState, severity, dimension, key, windowStart, windowEnd,
                count, baseline, firstSeen, lastSeen, openedAt, principalArn, topActions, topResources,
                topResourceFamilies, topErrorMessages, topPolicyTypes, sampleEventIds, sampleRequestIds, diagnosis);
    }
}
