package io.denywatch.contract.incident;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.denywatch.contract.denial.Resolution;
import io.denywatch.contract.denial.StatementFinding;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One message about an incident on the spike topic: opened, grown, or resolved. Every message of one incident
 * carries the same {@code incidentId}; the JSON contract is published as {@code schemas/deny-spike.v3.schema.json}
 * (versions 1 and 2 stay published, and messages written under them still read as this record).
 *
 * <p>Two sizes travel together: {@code count} is the one window reported (the window that crossed, or the largest
 * window of the latest growth), and the incident's whole size — {@code totalCount} since the start of the window that
 * opened it, {@code peakCount} the largest window. Renderings lead with the whole size.
 *
 * @param baseline        the key's baseline (denials per window) when the incident opened
 * @param count           denials in the window reported
 * @param totalCount      the key's denials from the start of the window that opened the incident until now
 * @param peakCount       the largest window count seen during the incident
 * @param peakWindowStart start of the window that held {@code peakCount}
 * @param startedAt       event time of the incident's first denial
 * @param latestAt        event time of its latest denial so far
 * @param resolvedAt      stream time at which the incident resolved; null unless RESOLVED
 */
@JsonPropertyOrder({"schemaVersion", "incidentId", "state", "severity", "dimension", "key", "windowStart",
        "windowEnd", "count", "totalCount", "peakCount", "peakWindowStart", "startedAt", "latestAt",
        "durationSeconds", "resolvedAt", "baseline", "firstSeen", "lastSeen", "openedAt", "principalArn",
        "topActions", "topResources", "topResourceFamilies", "topErrorMessages", "topPolicyTypes", "sampleEventIds",
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
        List<ValueCount> topActions,
        List<ValueCount> topResources,
        List<ValueCount> topResourceFamilies,
        List<ValueCount> topErrorMessages,
        List<ValueCount> topPolicyTypes,
        List<String> sampleEventIds,
        List<String> sampleRequestIds,
        Reason diagnosis,
        long totalCount,
        long peakCount,
        Instant peakWindowStart,
        Instant startedAt,
        Instant latestAt,
        Instant resolvedAt) {

    /**
     * Version 2 added the incident's whole size: totalCount, peakCount, its window, the span and resolvedAt. Version 3
     * added the optional {@code diagnosis.statements} and {@code diagnosis.resolution}: the policy statements behind the
     * denials, as a lookup in AWS named them (the analyzer never writes them; the alerts role adds them to what it
     * delivers).
     */
    public static final int SCHEMA_VERSION = 3;

    /** Where an incident is in its life. */
    public enum State { OPEN, UPDATE, RESOLVED }

    /** How loud the incident is, from its peak window count against the rules' minimum. */
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
     *
     * @param resolution the statements behind the denials as a lookup in AWS named them, or {@code null} when no lookup
     *                   answered (left out of the JSON then, so a message without one reads as version 2 wrote it).
     *                   In the JSON its statements sit beside it, under {@code statements}, as explain lays out a
     *                   denial's diagnosis.
     */
    @JsonPropertyOrder({"denyKind", "policyType", "fixLocation", "policyArn", "advice", "nextSteps", "statements",
            "resolution"})
    public record Reason(String denyKind, String policyType, String fixLocation, String policyArn, String advice,
                         List<String> nextSteps,
                         @JsonInclude(JsonInclude.Include.NON_NULL) @JsonIgnoreProperties("statements")
                         Resolution resolution) {

        /**
         * The JSON form, as {@code explain --resolve} prints a denial's: the statements under {@code statements},
         * and the rest of the answer (outcome, method, summary, notes) under {@code resolution}.
         */
        @JsonCreator
        public static Reason fromJson(@JsonProperty("denyKind") String denyKind, @JsonProperty("policyType") String policyType,
                               @JsonProperty("fixLocation") String fixLocation,
                               @JsonProperty("policyArn") String policyArn, @JsonProperty("advice") String advice,
                               @JsonProperty("nextSteps") List<String> nextSteps,
                               @JsonProperty("statements") List<StatementFinding> statements,
                               @JsonProperty("resolution") Resolution resolution) {
            Resolution answer = resolution == null ? null : new Resolution(resolution.outcome(), resolution.method(),
                    resolution.summary(), statements, resolution.notes());
            return new Reason(denyKind, policyType, fixLocation, policyArn, advice, nextSteps, answer);
        }

        /** The statements the lookup named, in the JSON; absent when no lookup answered. */
        @JsonProperty("statements")
        @JsonInclude(JsonInclude.Include.NON_NULL)
        List<StatementFinding> statementsJson() {
            return resolution == null ? null : resolution.statements();
        }

        /** A reason without a lookup's answer: what the analyzer writes. */
        public Reason(String denyKind, String policyType, String fixLocation, String policyArn, String advice,
                      List<String> nextSteps) {
            this(denyKind, policyType, fixLocation, policyArn, advice, nextSteps, null);
        }

        /** The same reason with a lookup's answer. */
        public Reason withResolution(Resolution answer) {
            return new Reason(denyKind, policyType, fixLocation, policyArn, advice, nextSteps, answer);
        }
    }

    /**
     * A message without the incident's whole size, as version 1 wrote them: the size is that of the window reported.
     * Also what a version-1 message on the topic reads as.
     */
    public SpikeRecord(int schemaVersion, String incidentId, State state, Severity severity, String dimension, Key key,
                       Instant windowStart, Instant windowEnd, long count, double baseline, Instant firstSeen,
                       Instant lastSeen, Instant openedAt, String principalArn, List<ValueCount> topActions,
                       List<ValueCount> topResources, List<ValueCount> topResourceFamilies,
                       List<ValueCount> topErrorMessages, List<ValueCount> topPolicyTypes,
                       List<String> sampleEventIds, List<String> sampleRequestIds, Reason diagnosis) {
        this(schemaVersion, incidentId, state, severity, dimension, key, windowStart, windowEnd, count, baseline,
                firstSeen, lastSeen, openedAt, principalArn, topActions, topResources, topResourceFamilies,
                topErrorMessages, topPolicyTypes, sampleEventIds, sampleRequestIds, diagnosis, count, count,
                windowStart, firstSeen, lastSeen, null);
    }

    /**
     * The incident's denials so far: {@code totalCount}, or for a version-1 message (which did not carry it) the
     * count of the window reported.
     */
    @JsonIgnore
    public long total() {
        return Math.max(totalCount, count);
    }

    /** The largest window count, with the same fallback as {@link #total()}. */
    @JsonIgnore
    public long peak() {
        return Math.max(peakCount, count);
    }

    /** Size of the counting windows, from the window reported. */
    @JsonIgnore
    public Duration windowSize() {
        return windowStart == null || windowEnd == null ? Duration.ZERO : Duration.between(windowStart, windowEnd);
    }

    /** From the incident's first denial to its latest, or zero when unknown. */
    @JsonIgnore
    public Duration duration() {
        Instant from = startedAt != null ? startedAt : firstSeen;
        Instant to = latestAt != null ? latestAt : lastSeen;
        return from == null || to == null || to.isBefore(from) ? Duration.ZERO : Duration.between(from, to);
    }

    /** Whole seconds from the first denial to the latest; published so consumers need not subtract. */
    @JsonProperty(value = "durationSeconds", access = JsonProperty.Access.READ_ONLY)
    public long durationSeconds() {
        return duration().toSeconds();
    }

    /** The same message in another state. */
    public SpikeRecord withState(State newState) {
        return new SpikeRecord(schemaVersion, incidentId, newState, severity, dimension, key, windowStart, windowEnd,
                count, baseline, firstSeen, lastSeen, openedAt, principalArn, topActions, topResources,
                topResourceFamilies, topErrorMessages, topPolicyTypes, sampleEventIds, sampleRequestIds, diagnosis,
                totalCount, peakCount, peakWindowStart, startedAt, latestAt, resolvedAt);
    }

    /**
     * The same message with a lookup's answer in its diagnosis, as a version-3 message (the only version with a place
     * for it). A message without a diagnosis gets one that knows nothing but the answer.
     */
    public SpikeRecord withResolution(Resolution answer) {
        Reason reason = diagnosis != null ? diagnosis
                : new Reason("UNKNOWN", "UNKNOWN", "UNKNOWN", null, "", List.of());
        return new SpikeRecord(Math.max(schemaVersion, SCHEMA_VERSION), incidentId, state, severity, dimension, key, windowStart, windowEnd,
                count, baseline, firstSeen, lastSeen, openedAt, principalArn, topActions, topResources,
                topResourceFamilies, topErrorMessages, topPolicyTypes, sampleEventIds, sampleRequestIds,
                reason.withResolution(answer), totalCount, peakCount, peakWindowStart, startedAt, latestAt,
                resolvedAt);
    }

    /** The lookup's answer the message carries, or {@code null}. */
    @JsonIgnore
    public Resolution resolution() {
        return diagnosis == null ? null : diagnosis.resolution();
    }

    /** The same message with the incident's size as it is now. */
    public SpikeRecord withSize(State newState, Severity newSeverity, long total, long peak, Instant peakStart,
                         Instant started, Instant latest, Instant resolved) {
        return new SpikeRecord(SCHEMA_VERSION, incidentId, newState, newSeverity, dimension, key, windowStart,
                windowEnd, count, baseline, firstSeen, lastSeen, openedAt, principalArn, topActions, topResources,
                topResourceFamilies, topErrorMessages, topPolicyTypes, sampleEventIds, sampleRequestIds, diagnosis,
                total, peak, peakStart, started, latest, resolved);
    }
}
