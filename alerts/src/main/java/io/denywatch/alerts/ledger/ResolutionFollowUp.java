package io.denywatch.alerts.ledger;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.denywatch.contract.denial.Resolution;
import io.denywatch.contract.incident.SpikeRecord;

/**
 * Where the lookup of an incident's statements stands, as the sinks see it. Each sink's own part (whether it was told
 * the answer) is in its {@link SinkProgress#followedUp()}.
 *
 * @param incident   the incident as it was announced, kept while a follow-up may still be owed: to render the
 *                   follow-up, and to ask again when the service restarted before the answer came; null once done
 * @param resolution the answer, once it came and was worth telling; every later message of the incident carries it
 * @param done       true once every sink that delivered the incident was told the answer, or there was nothing to tell
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResolutionFollowUp(SpikeRecord incident, Resolution resolution, boolean done) {

    /** Delivered without an answer; one is awaited. */
    public static ResolutionFollowUp awaiting(SpikeRecord incident) {
        return new ResolutionFollowUp(incident, null, false);
    }

    /** The answer came in time and went out with the announcement: nothing is owed. */
    public static ResolutionFollowUp toldWithAlert(Resolution resolution) {
        return new ResolutionFollowUp(null, resolution, true);
    }

    /** The answer came and had nothing worth a message. */
    public static ResolutionFollowUp nothingToTell() {
        return new ResolutionFollowUp(null, null, true);
    }

    /** The answer came late: owed to every sink that delivered the incident without it. */
    public ResolutionFollowUp answered(Resolution answer) {
        return new ResolutionFollowUp(incident, answer, false);
    }

    /** Every sink was told; the incident itself is no longer needed. */
    public ResolutionFollowUp finished() {
        return new ResolutionFollowUp(null, resolution, true);
    }

    /** True while the answer has not come. */
    @JsonIgnore
    public boolean awaitingAnswer() {
        return !done && resolution == null;
    }
}
