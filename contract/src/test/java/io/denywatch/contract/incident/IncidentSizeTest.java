package io.denywatch.contract.incident;


import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class IncidentSizeTest {

    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

    /**
     * An incident message whose reported window (starting at T0) counted {@code count}, while the incident as a
     * whole had {@code total} denials from {@code started} to {@code latest}, with its largest window at T0 + 1 min.
     */
    private static SpikeRecord message(SpikeRecord.State state, long count, long total, long peak, Instant started,
                                       Instant latest) {
        return new SpikeRecord(SpikeRecord.SCHEMA_VERSION, "dw-0123456789abcdef", state, SpikeRecord.Severity.HIGH,
                "principal", new SpikeRecord.Key("arn:aws:iam::123456789012:role/deploy", null, null, null), T0,
                T0.plus(Duration.ofMinutes(5)), count, 0.0, started, latest, T0, null, List.of(), List.of(),
                List.of(), List.of(), List.of(), List.of(), List.of(), null, total, peak,
                T0.plus(Duration.ofMinutes(1)), started, latest,
                state == SpikeRecord.State.RESOLVED ? latest.plus(Duration.ofMinutes(15)) : null);
    }

    private static SpikeRecord burst(SpikeRecord.State state) {
        return message(state, 10, 60, 60, T0, T0.plusMillis(59 * 900));
    }

    @Test
    void aBurstOfSixtyInOneMinuteIsToldBySixtyNotByTheTenItCrossedAt() {
        assertEquals("60 denials in 1 min, peak 60 per 5 min", IncidentSize.phrase(burst(SpikeRecord.State.UPDATE)));
        assertEquals("60 denials in 1 min, peak 60 per 5 min", IncidentSize.whole(burst(SpikeRecord.State.RESOLVED)));
    }

    @Test
    void aResolvedIncidentSaysItIsOverAndHowLongItLasted() {
        assertEquals("resolved after 60 denials in 1 min, peak 60 per 5 min",
                IncidentSize.phrase(burst(SpikeRecord.State.RESOLVED)));
        assertEquals("Resolved after 60 denials in 1 min, peak 60 per 5 min",
                IncidentSize.sentence(burst(SpikeRecord.State.RESOLVED)));
        assertEquals("60 denials in 1 min, peak 60 per 5 min", IncidentSize.sentence(burst(SpikeRecord.State.OPEN)));
    }

    @Test
    void oneDenialIsSingular() {
        SpikeRecord one = message(SpikeRecord.State.OPEN, 1, 1, 1, T0, T0);

        assertEquals("1 denial in 1 min, peak 1 per 5 min", IncidentSize.phrase(one));
    }

    @Test
    void spansReadAsMinutesThenHoursAndMinutes() {
        assertEquals("1 min", IncidentSize.span(Duration.ZERO));
        assertEquals("1 min", IncidentSize.span(Duration.ofSeconds(53)));
        assertEquals("1 min", IncidentSize.span(Duration.ofSeconds(60)));
        assertEquals("1 min", IncidentSize.span(Duration.ofSeconds(89)));
        assertEquals("2 min", IncidentSize.span(Duration.ofSeconds(90)));
        assertEquals("14 min", IncidentSize.span(Duration.ofMinutes(14).plusSeconds(10)));
        assertEquals("59 min", IncidentSize.span(Duration.ofMinutes(59)));
        assertEquals("1 h", IncidentSize.span(Duration.ofMinutes(60)));
        assertEquals("1 h", IncidentSize.span(Duration.ofSeconds(3599)));
        assertEquals("2 h 5 min", IncidentSize.span(Duration.ofMinutes(125)));
        assertEquals("26 h 1 min", IncidentSize.span(Duration.ofHours(26).plusMinutes(1)));
    }

    @Test
    void theDurationIsTheIncidentsSpanAndThePeakIsPerTheWindowSize() {
        SpikeRecord hours = message(SpikeRecord.State.UPDATE, 12, 900, 140, T0,
                T0.plus(Duration.ofMinutes(125)));

        assertEquals("900 denials in 2 h 5 min, peak 140 per 5 min", IncidentSize.phrase(hours));
    }

    @Test
    void aVersionOneMessageIsToldByItsWindowCount() {
        SpikeRecord full = burst(SpikeRecord.State.UPDATE);
        SpikeRecord v1 = new SpikeRecord(1, full.incidentId(), full.state(), full.severity(), full.dimension(),
                full.key(), full.windowStart(), full.windowEnd(), 42, full.baseline(), T0,
                T0.plus(Duration.ofMinutes(4)), full.openedAt(), full.principalArn(), List.of(), List.of(), List.of(),
                List.of(), List.of(), List.of(), List.of(), null);

        assertEquals("42 denials in 4 min, peak 42 per 5 min", IncidentSize.phrase(v1));
        assertEquals("peak in the window 2026-03-02 10:00\u201310:05 UTC", IncidentSize.window(v1));
    }

    @Test
    void theWindowCountComesLabelledAsTheCrossingOrGivesWayToThePeaksWindow() {
        assertEquals("crossed at 10 in the window 2026-03-02 10:00\u201310:05 UTC",
                IncidentSize.window(burst(SpikeRecord.State.OPEN)));
        assertEquals("peak in the window 2026-03-02 10:01\u201310:06 UTC",
                IncidentSize.window(burst(SpikeRecord.State.UPDATE)));
        assertEquals("peak in the window 2026-03-02 10:01\u201310:06 UTC",
                IncidentSize.window(burst(SpikeRecord.State.RESOLVED)));
    }
}
