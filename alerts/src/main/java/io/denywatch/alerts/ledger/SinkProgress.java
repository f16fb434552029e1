package io.denywatch.alerts.ledger;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.denywatch.contract.incident.SpikeRecord;

import java.util.Map;

/**
 * What one sink has been told about one incident.
 *
 * @param offset     the last message of the incident this sink is done with (told, not needed, or dead-lettered)
 * @param following  true once the sink accepted the announcement: it then gets the updates and the resolution
 * @param reference  what the sink returned on announcing (a Slack message's channel and ts), for later edits
 * @param severity   the severity the sink last showed
 * @param followedUp true once the sink is done with the statements behind the incident: it showed them in a message,
 *                   was sent the follow-up, or the follow-up was dead-lettered; never sent again after that
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SinkProgress(long offset, boolean following, Map<String, String> reference,
                           SpikeRecord.Severity severity, boolean followedUp) {

    public SinkProgress {
        reference = reference == null ? Map.of() : Map.copyOf(reference);
    }

    /** Progress of a sink not yet told the statements. */
    public SinkProgress(long offset, boolean following, Map<String, String> reference, SpikeRecord.Severity severity) {
        this(offset, following, reference, severity, false);
    }

    /** The same progress, done with the statements. */
    public SinkProgress withFollowedUp() {
        return new SinkProgress(offset, following, reference, severity, true);
    }
}
