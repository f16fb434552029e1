package io.denywatch.cli.scan;

import io.denywatch.contract.digest.Digest;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.denywatch.contract.incident.SpikeRecord;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * What a scan found. Its JSON form is the last line of {@code denywatch scan --json}.
 *
 * @param denials                unique authorization denials, after deduplication
 * @param authenticationFailures unique authentication failures (kept apart from denials)
 * @param duplicatesDropped      repeated deliveries of an event, dropped
 * @param ignored                denials left out of counts by an ignore rule (they are in the totals above)
 * @param spikes                 each incident in its final state
 * @param errors                 every file or record that could not be read, with the reason; the scan went on
 * @param digest                 the digest of the span read (as the alerts role sends it weekly), or null when no
 *                               denial was found; nothing before the span was read, so nothing is compared
 * @param denialsPerMinute       authorization denials by minute of event time, for the HTML report's chart (not in
 *                               the JSON: a long scan has many minutes)
 */
@JsonPropertyOrder({"files", "events", "denials", "authenticationFailures", "duplicatesDropped", "ignored",
        "byPolicyType", "byErrorCode", "topPrincipals", "topActions", "spikes", "errors", "digest"})
public record ScanReport(
        long files,
        long events,
        long denials,
        long authenticationFailures,
        long duplicatesDropped,
        long ignored,
        Map<String, Long> byPolicyType,
        Map<String, Long> byErrorCode,
        List<Ranked> topPrincipals,
        List<Ranked> topActions,
        List<SpikeRecord> spikes,
        List<Problem> errors,
        Digest digest,
        @JsonIgnore SortedMap<Instant, Long> denialsPerMinute) {

    /** The same report with each incident replaced by what {@code change} makes of it. */
    public ScanReport withSpikes(java.util.function.UnaryOperator<SpikeRecord> change) {
        return new ScanReport(files, events, denials, authenticationFailures, duplicatesDropped, ignored, byPolicyType,
                byErrorCode, topPrincipals, topActions, spikes.stream().map(change).toList(), errors, digest,
                denialsPerMinute);
    }

    /** A value and its count, most first. */
    public record Ranked(String value, long count) {
    }

    /**
     * Something that could not be read.
     *
     * @param source the file ({@code s3://...} or a file URI), with {@code #index} for one record
     * @param reason a stable reason code and what happened
     */
    public record Problem(String source, String reason) {
    }
}
