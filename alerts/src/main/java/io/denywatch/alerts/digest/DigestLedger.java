package io.denywatch.alerts.digest;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Which sinks are done with which digest: the in-memory view of the digest ledger topic. Every change goes to the
 * {@link Store} first, so the view never claims more than was recorded — the same discipline as the incident ledger.
 */
public final class DigestLedger {

    /**
     * What happened to one digest at one sink.
     *
     * @param digestId the digest
     * @param sink     the sink's name
     * @param outcome  {@code sent}, or {@code dead-lettered} when the sink refused it or it could not be delivered in time
     * @param at       when
     */
    public record Entry(String digestId, String sink, String outcome, Instant at) {

        public String key() {
            return keyOf(digestId, sink);
        }
    }

    /** Where entries are kept across restarts. */
    public interface Store {
        /** Records the entry durably; returns only once it is. */
        void write(Entry entry);
    }

    private static final String FIRST_START = "first-start";

    private final Store store;
    private final Map<String, Entry> entries = new HashMap<>();

    public DigestLedger(Store store) {
        this.store = store;
    }

    public synchronized boolean done(String digestId, String sink) {
        return entries.containsKey(keyOf(digestId, sink));
    }

    public void record(Entry entry) {
        store.write(entry);
        apply(entry);
    }

    /** Takes an entry read back from the store. */
    public synchronized void apply(Entry entry) {
        entries.put(entry.key(), entry);
    }

    /**
     * When a digest sender first ran in this deployment, or {@code null} before one did: periods that ended earlier
     * are not caught up, so a new deployment does not start by sending last week's digest.
     */
    public synchronized Instant firstStart() {
        Entry entry = entries.get(keyOf(FIRST_START, ""));
        return entry == null ? null : entry.at();
    }

    /** Records the first sender's start, once. */
    public void recordFirstStart(Instant now) {
        if (firstStart() == null) {
            record(new Entry(FIRST_START, "", "started", now));
        }
    }

    public synchronized int size() {
        return entries.size();
    }

    static String keyOf(String digestId, String sink) {
        return digestId + "|" + sink;
    }
}
