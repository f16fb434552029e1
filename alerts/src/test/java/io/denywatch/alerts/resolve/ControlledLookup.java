package io.denywatch.alerts.resolve;

import io.denywatch.contract.denial.Resolution;
import io.denywatch.contract.incident.SpikeRecord;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A lookup that answers when the test says, or at once for the incidents it was told to answer at once. */
public final class ControlledLookup implements IncidentLookup {

    private final Map<String, CompletableFuture<Resolution>> pending = new ConcurrentHashMap<>();
    private final Map<String, Resolution> atOnce = new ConcurrentHashMap<>();
    private final List<String> asked = new CopyOnWriteArrayList<>();

    @Override
    public CompletableFuture<Resolution> lookup(SpikeRecord incident) {
        asked.add(incident.incidentId());
        Resolution now = atOnce.get(incident.incidentId());
        if (now != null) {
            return CompletableFuture.completedFuture(now);
        }
        CompletableFuture<Resolution> answer = new CompletableFuture<>();
        pending.put(incident.incidentId(), answer);
        return answer;
    }

    /** Lookups of {@code incidentId} answer {@code answer} as soon as they are asked. */
    public ControlledLookup answeringAtOnce(String incidentId, Resolution answer) {
        atOnce.put(incidentId, answer);
        return this;
    }

    /** Answers the pending lookup of {@code incidentId}. */
    public void answer(String incidentId, Resolution answer) {
        CompletableFuture<Resolution> future = pending.get(incidentId);
        if (future == null) {
            throw new IllegalStateException("no lookup of " + incidentId + " is pending");
        }
        future.complete(answer);
    }

    /** How many times the incident was looked up. */
    public long times(String incidentId) {
        return asked.stream().filter(incidentId::equals).count();
    }
}
