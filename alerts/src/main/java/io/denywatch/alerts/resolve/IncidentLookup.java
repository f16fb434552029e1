package io.denywatch.alerts.resolve;

import io.denywatch.contract.denial.Resolution;
import io.denywatch.contract.incident.SpikeRecord;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Looks up the statements behind an incident. Never blocks the caller; the future completes with a Resolution
 * (failures are a Resolution with outcome LOOKUP_FAILED, never an exceptional future).
 *
 * <p>The alerts role asks once per incident, when it is first announced, and waits for the answer up to
 * {@code alerts.resolve.wait}; an answer that comes later is told to each sink as a follow-up.
 */
public interface IncidentLookup {

    CompletableFuture<Resolution> lookup(SpikeRecord incident);

    /** Lookups off: the alerts role neither waits nor follows up. */
    IncidentLookup NONE = incident -> CompletableFuture.completedFuture(new Resolution(
            Resolution.Outcome.NOT_RESOLVABLE, Resolution.Method.NONE, "Lookups are off.", List.of(), List.of()));
}
