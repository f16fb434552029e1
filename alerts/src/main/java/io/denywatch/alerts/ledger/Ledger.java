package io.denywatch.alerts.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What was delivered, per incident: the in-memory view of the ledger topic (or, for a one-shot scan, of nothing
 * durable). Every change goes to the {@link Store} first, so the view never claims more than was recorded.
 */
public final class Ledger {

    /** Where entries are kept across restarts. */
    public interface Store {
        /** Records the entry durably; returns only once it is. */
        void write(IncidentEntry entry);

        /** Forgets the incident. */
        void delete(String incidentId);
    }

    /** A store that keeps nothing: for runs that end with the process. */
    public static final Store IN_MEMORY = new Store() {
        @Override
        public void write(IncidentEntry entry) {
        }

        @Override
        public void delete(String incidentId) {
        }
    };

    private final Store store;
    private final Map<String, IncidentEntry> entries = new HashMap<>();
    private final Map<String, Instant> lastResolved = new HashMap<>();

    public Ledger(Store store) {
        this.store = store;
    }

    public synchronized IncidentEntry get(String incidentId) {
        return entries.get(incidentId);
    }

    /** Records a change: durably first, then here. */
    public void put(IncidentEntry entry) {
        store.write(entry);
        apply(entry.incidentId(), entry);
    }

    /** Takes an entry read back from the store ({@code null}: the incident was forgotten). */
    public synchronized void apply(String incidentId, IncidentEntry entry) {
        if (entry == null) {
            entries.remove(incidentId);
            return;
        }
        entries.put(incidentId, entry);
        if (entry.announced() && entry.resolvedAt() != null && entry.cooldownKey() != null) {
            lastResolved.merge(entry.cooldownKey(), entry.resolvedAt(), (a, b) -> a.isAfter(b) ? a : b);
        }
    }

    /** When a new incident on {@code cooldownKey} may be announced, or {@code null} when no announced one ended. */
    public synchronized Instant cooldownEnd(String cooldownKey, Duration cooldown) {
        Instant resolved = lastResolved.get(cooldownKey);
        return resolved == null ? null : resolved.plus(cooldown);
    }

    /**
     * Forgets incidents untouched for longer than {@code retention} (resolved ones, and open ones whose messages
     * stopped), so the ledger stays the size of recent incidents.
     *
     * @return how many were forgotten
     */
    public int expire(Instant now, Duration retention) {
        List<String> old = new ArrayList<>();
        synchronized (this) {
            Instant cutoff = now.minus(retention);
            entries.values().stream().filter(e -> e.updatedAt() != null && e.updatedAt().isBefore(cutoff))
                    .forEach(e -> old.add(e.incidentId()));
            lastResolved.values().removeIf(t -> t.isBefore(cutoff));
        }
        for (String incidentId : old) {
            store.delete(incidentId);
            apply(incidentId, null);
        }
        return old.size();
    }

    /** The incidents that may still owe a follow-up, for picking them up after a restart or a rebalance. */
    public synchronized List<IncidentEntry> owingFollowUps() {
        return entries.values().stream().filter(IncidentEntry::owesFollowUp).toList();
    }

    public synchronized int size() {
        return entries.size();
    }
}
