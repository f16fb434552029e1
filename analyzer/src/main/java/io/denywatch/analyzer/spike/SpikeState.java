package io.denywatch.analyzer.spike;

import io.denywatch.contract.incident.SpikeRecord;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.TreeMap;

/**
 * What the detector remembers for one key, between records and across restarts (it lives in a state store backed by a
 * changelog topic). It is written on every count of the key, so fields at their initial value are left out: most keys
 * have no incident, and the incident's fields would otherwise be written with every count.
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class SpikeState {

    /** EWMA of the counts of the key's completed windows. */
    double baseline;
    /** How many windows the baseline has seen. */
    long baselineWindows;
    /** Window start of the newest window folded into the baseline. */
    long foldedUpTo = Long.MIN_VALUE;
    /** Event time of the key's first denial seen. */
    long firstEvent = Long.MAX_VALUE;
    /**
     * Latest counts of the key's slices (the windows' common divisions) that still belong to a window open to late
     * events, by slice start: a window's count is the sum of its slices.
     */
    TreeMap<Long, Long> slices = new TreeMap<>();
    /** Latest counts of windows not yet complete, by window start. */
    TreeMap<Long, Long> openWindows = new TreeMap<>();
    /** The open incident, or null. */
    SpikeRecord incident;
    /** Stream time the key was last above its threshold. */
    long lastAbove = Long.MIN_VALUE;
    /**
     * Start of the newest window counted while an incident was open: a resolved incident's windows (updated late,
     * within grace) cannot open a new incident, which would carry the same id as the one just resolved.
     */
    long coveredUpTo = Long.MIN_VALUE;
    /** Stream time the incident was last sent (OPEN or UPDATE). */
    long lastSent = Long.MIN_VALUE;

    /** Start of the window that opened the open incident: its total counts the key's denials from here on. */
    long incidentStart = Long.MIN_VALUE;
    /**
     * Latest counts of the incident's slices that may still change, by slice start; a slice that can no longer take
     * denials is added to {@link #incidentSettled} and forgotten, so this stays as small as {@link #slices}.
     */
    TreeMap<Long, Long> incidentSlices = new TreeMap<>();
    /** Denials of the incident's slices that can no longer change. */
    long incidentSettled;
    /** The largest window count seen during the incident, and that window's start. */
    long peakCount;
    long peakWindowStart = Long.MIN_VALUE;
    /** Event times of the incident's first and latest denials. */
    long incidentFirstSeen = Long.MAX_VALUE;
    long incidentLastSeen = Long.MIN_VALUE;
    /** The incident's total and severity in the last message sent about it. */
    long sentTotal;

    /** Denials of the open incident so far. */
    public long incidentTotal() {
        long sum = incidentSettled;
        for (long c : incidentSlices.values()) {
            sum += c;
        }
        return sum;
    }

    /** Records a slice's count and forgets the slices that start before {@code keepFrom}. */
    public void slice(long start, long count, long keepFrom) {
        slices.merge(start, count, Math::max);
        slices.headMap(keepFrom).clear();
    }

    /** The sum of the counts of the slices that start in {@code [from, to)}. */
    public long sliceSum(long from, long to) {
        long sum = 0;
        for (long c : slices.subMap(from, to).values()) {
            sum += c;
        }
        return sum;
    }

    public double baseline() {
        return baseline;
    }

    /** Whether an incident is open for the key. */
    public boolean hasIncident() {
        return incident != null;
    }

    public SpikeRecord incident() {
        return incident;
    }
}
