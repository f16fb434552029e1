package io.denywatch.alerts.resolve;

import io.denywatch.contract.denial.Resolution;
import io.denywatch.contract.incident.SpikeRecord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;

/**
 * The lookups this instance has under way, and the answers that came after their incidents were delivered. Answers
 * arrive on whatever thread the lookup completes on; they wait here until the delivery thread takes them, so that the
 * ledger keeps a single writer.
 */
public final class PendingLookups {

    /** An answer that came after its incident was delivered. */
    public record Answer(String incidentId, Resolution resolution) {
    }

    private final IncidentLookup lookup;
    private final Map<String, CompletableFuture<Resolution>> inFlight = new ConcurrentHashMap<>();
    private final Queue<Answer> answers = new ConcurrentLinkedQueue<>();
    private final Map<String, Started> early = new ConcurrentHashMap<>();

    public PendingLookups(IncidentLookup lookup) {
        this.lookup = lookup == null ? IncidentLookup.NONE : lookup;
    }

    /** False when lookups are off. */
    public boolean on() {
        return lookup != IncidentLookup.NONE;
    }

    /**
     * Starts the lookup for {@code incident}. The future always completes normally: a lookup that throws or fails,
     * against its contract, answers {@code LOOKUP_FAILED}.
     */
    public CompletableFuture<Resolution> start(SpikeRecord incident) {
        CompletableFuture<Resolution> started;
        try {
            started = lookup.lookup(incident);
        } catch (RuntimeException e) {
            started = CompletableFuture.completedFuture(Answers.failed(e));
        }
        if (started == null) {
            started = CompletableFuture.completedFuture(Answers.failed(null));
        }
        CompletableFuture<Resolution> answer = started.handle((resolution, failure) ->
                failure != null ? Answers.failed(failure) : resolution != null ? resolution : Answers.failed(null));
        inFlight.put(incident.incidentId(), answer);
        return answer;
    }

    /**
     * A lookup and when it started: an announcement waits for it until {@code at} plus the wait, so that the lookups of
     * one batch's new incidents, started together, share one wait.
     */
    public record Started(CompletableFuture<Resolution> answer, Instant at) {
    }

    /**
     * Starts the lookup of an incident whose announcement comes later in the batch; {@link #take} finds it. Lookups
     * started early for a previous batch and never taken (their records went to another instance) are dropped.
     */
    public void startEarly(List<SpikeRecord> incidents, Instant now) {
        Set<String> batch = new HashSet<>();
        incidents.forEach(incident -> batch.add(incident.incidentId()));
        early.keySet().removeIf(incidentId -> !batch.contains(incidentId));
        for (SpikeRecord incident : incidents) {
            early.computeIfAbsent(incident.incidentId(), id -> new Started(start(incident), now));
        }
    }

    /** The lookup started early for the incident, or one started now. */
    public Started take(SpikeRecord incident, Instant now) {
        Started started = early.remove(incident.incidentId());
        return started != null ? started : new Started(start(incident), now);
    }

    /** The answer was taken while the delivery waited for it. */
    public void answeredInTime(String incidentId) {
        inFlight.remove(incidentId);
    }

    /** The incident was delivered without the answer: when it comes, it is queued for {@link #drain()}. */
    public void followUpWhenAnswered(String incidentId, CompletableFuture<Resolution> answer) {
        answer.thenAccept(resolution -> answers.add(new Answer(incidentId, resolution)));
    }

    /** True while this instance waits for an answer about the incident. */
    public boolean inFlight(String incidentId) {
        return inFlight.containsKey(incidentId);
    }

    /**
     * Stops waiting for the lookups of incidents no longer owed a follow-up (forgotten by the ledger, say), so a
     * lookup that never answers is not remembered for ever; an answer that still comes is dropped by its reader.
     */
    public void forgetUnless(Predicate<String> stillOwed) {
        inFlight.keySet().removeIf(incidentId -> !stillOwed.test(incidentId));
    }

    /** The answers that came since the last call, oldest first. */
    public List<Answer> drain() {
        List<Answer> taken = new ArrayList<>();
        for (Answer answer = answers.poll(); answer != null; answer = answers.poll()) {
            inFlight.remove(answer.incidentId());
            taken.add(answer);
        }
        return taken;
    }
}
