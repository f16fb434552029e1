package io.denywatch.contract.incident;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The incident's whole size in words, the phrase every rendering leads with: {@code 60 denials in 1 min, peak 60 per
 * 5 min}, and once it is over {@code resolved after 60 denials in 1 min, peak 60 per 5 min}.
 *
 * <p>The window count ({@code count}) is one window's share and is easily read as the incident's size — an incident
 * of 60 denials opened at 10 — so it is only ever shown after this phrase, labelled as the window it is
 * ({@link #window}). The phrase holds nothing taken from events, only numbers and times.
 */
public final class IncidentSize {

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    private IncidentSize() {
    }

    /** The size for the message's state: {@link #whole}, preceded by "resolved after" once the incident is over. */
    public static String phrase(SpikeRecord spike) {
        return spike.state() == SpikeRecord.State.RESOLVED ? "resolved after " + whole(spike) : whole(spike);
    }

    /** {@link #phrase} with a capital letter, to start a sentence. */
    public static String sentence(SpikeRecord spike) {
        String phrase = phrase(spike);
        return Character.toUpperCase(phrase.charAt(0)) + phrase.substring(1);
    }

    /** {@code 60 denials in 1 min, peak 60 per 5 min}: total, how long it has run, and the largest window. */
    public static String whole(SpikeRecord spike) {
        long total = spike.total();
        Duration window = spike.windowSize();
        return total + (total == 1 ? " denial" : " denials") + " in " + span(spike.duration())
                + ", peak " + spike.peak() + " per " + (window.isZero() ? "window" : span(window));
    }

    /**
     * The window this message speaks of, after the whole size: where the incident crossed the threshold (OPEN), else
     * where its peak was, e.g. {@code crossed at 10 in the window 2026-03-02 10:00–10:05 UTC}.
     */
    public static String window(SpikeRecord spike) {
        if (spike.state() == SpikeRecord.State.OPEN) {
            return "crossed at " + spike.count() + " in the window " + range(spike.windowStart(), spike.windowEnd());
        }
        // Later messages may repeat the window of the message before them with that message's count, which is
        // neither the peak nor the total: they name the peak's window and leave its number to the phrase.
        Instant peakStart = spike.peakWindowStart();
        if (peakStart == null) {
            return "window " + range(spike.windowStart(), spike.windowEnd());
        }
        return "peak in the window " + range(peakStart, peakStart.plus(spike.windowSize()));
    }

    /**
     * A span as people say it: {@code 1 min} up to a minute and a half (a burst of seconds is not "0 min"), then whole
     * minutes, then hours and minutes, e.g. {@code 14 min}, {@code 2 h 5 min}, {@code 3 h}.
     */
    public static String span(Duration duration) {
        long minutes = Math.max(1, (duration.toSeconds() + 30) / 60);
        if (minutes < 60) {
            return minutes + " min";
        }
        long hours = minutes / 60;
        long rest = minutes % 60;
        return rest == 0 ? hours + " h" : hours + " h " + rest + " min";
    }

    private static String range(Instant start, Instant end) {
        if (start == null) {
            return "unknown";
        }
        return MINUTE.format(start) + "\u2013" + (end == null ? "?" : CLOCK.format(end)) + " UTC";
    }
}
