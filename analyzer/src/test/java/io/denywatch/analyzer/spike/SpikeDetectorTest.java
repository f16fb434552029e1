package io.denywatch.analyzer.spike;

import io.denywatch.contract.incident.SpikeRecord;

import io.denywatch.analyzer.window.Dimension;
import io.denywatch.analyzer.window.Occurrence;
import io.denywatch.analyzer.window.Slicing;
import io.denywatch.analyzer.window.WindowAggregate;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpikeDetectorTest {

    private static final long MINUTE = 60_000;
    private static final long T0 = 1_700_000_000_000L - 1_700_000_000_000L % (60 * MINUTE);
    private static final SpikeRules RULES = new SpikeRules(10, 3.0, 1.0, 60, Duration.ofMinutes(5),
            Duration.ofMinutes(1), Duration.ofMinutes(2), 3);

    private static final Slicing SLICING = Slicing.of(Duration.ofMinutes(5), Duration.ofMinutes(1),
            Duration.ofMinutes(15));

    /** Drives the detector the way the topology does: each denial updates its one-minute slice. */
    private static final class Driver {
        final SpikeDetector detector = new SpikeDetector(RULES, SLICING);
        final SpikeState state = new SpikeState();
        final TreeMap<Long, WindowAggregate> slices = new TreeMap<>();
        final List<SpikeRecord> sent = new ArrayList<>();
        final String key;
        boolean learning;
        long streamTime;
        int seq;

        Driver(String key) {
            this.key = key;
        }

        void deny(long time, int times) {
            for (int i = 0; i < times; i++) {
                streamTime = Math.max(streamTime, time);
                long slice = time - time % MINUTE;
                WindowAggregate s = slices.computeIfAbsent(slice, x -> new WindowAggregate())
                        .add(occurrence(time, seq++));
                sent.addAll(detector.onSlice(state, Dimension.PRINCIPAL, key, slice, s, this::window, streamTime,
                        !learning));
            }
        }

        WindowAggregate window(long start) {
            return WindowAggregate.merge(new ArrayList<>(slices.subMap(start, start + 5 * MINUTE).values()));
        }

        /** A steady rate: {@code perMinute} denials each minute, for {@code minutes}, from {@code from}. */
        void steady(long from, int minutes, int perMinute) {
            for (int m = 0; m < minutes; m++) {
                deny(from + m * MINUTE + 30_000, perMinute);
            }
        }

        void tick(long time) {
            streamTime = Math.max(streamTime, time);
            sent.addAll(detector.onTick(state, streamTime, this::window));
        }

        Occurrence occurrence(long time, int n) {
            return new Occurrence("event-" + n, "request-" + n, time, key, key.replace(":role/", ":assumed-role/")
                    .replace("iam", "sts") + "/session", "123456789012", "s3:PutObject", "arn:aws:s3:::bucket",
                    "arn:aws:s3:::bucket/object", "AccessDenied", "User: x is not authorized",
                    new Occurrence.Why("EXPLICIT", "SERVICE_CONTROL_POLICY", "ORGANIZATION", null,
                            "An organization guardrail refused it.", List.of("aws sts get-caller-identity")));
        }
    }

    @Test
    void aNewKeyOpensAnIncidentTheMomentItReachesTheMinimumInsideTheWindow() {
        Driver d = new Driver("arn:aws:iam::123456789012:role/deploy");
        d.deny(T0 + 10_000, 9);
        assertTrue(d.sent.isEmpty(), "nine denials are below the minimum of ten");
        d.deny(T0 + 20_000, 1);
        assertEquals(1, d.sent.size());
        SpikeRecord open = d.sent.get(0);
        assertEquals(SpikeRecord.State.OPEN, open.state());
        assertEquals(10, open.count());
        assertEquals("arn:aws:iam::123456789012:role/deploy", open.key().principal());
        assertEquals("s3:PutObject", open.topActions().get(0).value());
        assertEquals(10, open.topActions().get(0).count());
        assertEquals("SERVICE_CONTROL_POLICY", open.diagnosis().policyType());
        assertEquals(5, open.sampleEventIds().size());
        assertTrue(d.streamTime < open.windowEnd().toEpochMilli(), "fired before the window closed");
    }

    @Test
    void aKeyWithABusyBaselineNeedsThreeTimesItsUsualCount() {
        Driver d = new Driver("arn:aws:iam::123456789012:role/batch");
        d.learning = true;
        d.steady(T0, 60, 4);            // 4 per minute: 20 per 5-minute window, learnt for an hour
        d.learning = false;
        d.steady(T0 + 60 * MINUTE, 60, 4);
        assertTrue(d.sent.isEmpty(), "a steady rate is its own baseline, not a spike: " + d.sent);
        double baseline = d.state.baseline();
        assertEquals(20.0, baseline, 1.0);

        long t = T0 + 120 * MINUTE;
        d.deny(t + 1000, 25);           // the newest windows now hold ~16..45: not yet 3x 20
        assertTrue(d.sent.isEmpty(), "45 in a window is under 3 x 20");
        d.deny(t + 2000, 20);
        assertEquals(1, d.sent.size(), "crossing 60 opens it");
        assertTrue(d.sent.get(0).count() >= 60);
        assertEquals(baseline, d.sent.get(0).baseline(), 0.01);
    }

    @Test
    void growthIsSentAsUpdatesOfTheSameIncidentAtMostEveryInterval() {
        Driver d = new Driver("arn:aws:iam::123456789012:role/deploy");
        d.deny(T0 + 1000, 10);
        d.deny(T0 + 30_000, 10);
        assertEquals(1, d.sent.size(), "growth within the update interval is not sent");
        d.deny(T0 + 3 * MINUTE, 10);
        assertEquals(2, d.sent.size(), "the first growth after the interval is sent, the rest waits again");
        SpikeRecord update = d.sent.get(1);
        assertEquals(SpikeRecord.State.UPDATE, update.state());
        assertEquals(d.sent.get(0).incidentId(), update.incidentId());
        assertTrue(update.count() > d.sent.get(0).count());
        assertEquals(d.sent.get(0).openedAt(), update.openedAt());
    }

    @Test
    void anIncidentResolvesAfterThreeQuietWindowsAndTheNextSpikeIsANewIncident() {
        Driver d = new Driver("arn:aws:iam::123456789012:role/deploy");
        d.deny(T0 + 1000, 12);
        String first = d.sent.get(0).incidentId();
        d.tick(T0 + 1000 + 14 * MINUTE);
        assertEquals(1, d.sent.size(), "14 quiet minutes are less than three 5-minute windows");
        d.tick(T0 + 1000 + 15 * MINUTE);
        assertEquals(2, d.sent.size());
        SpikeRecord resolved = d.sent.get(1);
        assertEquals(SpikeRecord.State.RESOLVED, resolved.state());
        assertEquals(first, resolved.incidentId());

        d.deny(T0 + 60 * MINUTE, 12);
        assertEquals(3, d.sent.size());
        assertEquals(SpikeRecord.State.OPEN, d.sent.get(2).state());
        assertNotEquals(first, d.sent.get(2).incidentId());
    }

    @Test
    void aLateCountInAWindowOfAResolvedIncidentDoesNotReopenItUnderTheSameId() {
        Driver d = new Driver("arn:aws:iam::123456789012:role/deploy");
        d.deny(T0 + 1000, 12);
        d.tick(T0 + 1000 + 15 * MINUTE);
        assertEquals(List.of(SpikeRecord.State.OPEN, SpikeRecord.State.RESOLVED),
                d.sent.stream().map(SpikeRecord::state).toList());

        // Within the grace period, one more denial arrives for the minute of the spike: its windows are above the
        // threshold again, but they are the resolved incident's windows.
        d.deny(T0 + 2000, 1);
        assertEquals(2, d.sent.size(), d.sent.toString());

        d.deny(T0 + 30 * MINUTE, 12);
        assertEquals(3, d.sent.size());
        assertEquals(SpikeRecord.State.OPEN, d.sent.get(2).state());
        assertNotEquals(d.sent.get(0).incidentId(), d.sent.get(2).incidentId());
    }

    @Test
    void theBaselineIsFrozenWhileAnIncidentIsOpen() {
        Driver d = new Driver("arn:aws:iam::123456789012:role/deploy");
        d.learning = true;
        d.steady(T0, 60, 1);            // baseline about 5
        d.learning = false;
        d.steady(T0 + 60 * MINUTE, 30, 20);   // a long incident, 100 per window
        assertTrue(d.state.hasIncident());
        assertEquals(5.0, d.sent.get(0).baseline(), 0.5);
        assertEquals(d.sent.get(0).baseline(), d.state.baseline(), 0.01, "an incident does not teach the baseline");
    }

    @Test
    void quietTimeDecaysTheBaseline() {
        Driver d = new Driver("arn:aws:iam::123456789012:role/deploy");
        d.learning = true;
        d.steady(T0, 60, 4);
        double busy = d.state.baseline();
        d.deny(T0 + 600 * MINUTE, 1);   // ten quiet hours, then one denial
        d.tick(T0 + 610 * MINUTE);
        assertTrue(d.state.baseline() < busy / 10, "baseline " + d.state.baseline() + " after " + busy);
    }

    @Test
    void whileLearningNoIncidentOpensButTheBaselineLearns() {
        Driver d = new Driver("arn:aws:iam::123456789012:role/noisy");
        d.learning = true;
        d.steady(T0, 30, 10);
        assertTrue(d.sent.isEmpty());
        assertEquals(50.0, d.state.baseline(), 2.0, "partial windows at the key's start are not learnt as quiet");
    }

    @Test
    void incidentIdsAreStableForTheSameKeyAndWindow() {
        assertEquals(SpikeDetector.incidentId(Dimension.PRINCIPAL, "k", 42),
                SpikeDetector.incidentId(Dimension.PRINCIPAL, "k", 42));
        assertNotEquals(SpikeDetector.incidentId(Dimension.PRINCIPAL, "k", 42),
                SpikeDetector.incidentId(Dimension.ACCOUNT, "k", 42));
        assertTrue(SpikeDetector.incidentId(Dimension.PRINCIPAL, "k", 42).matches("dw-[0-9a-f]{16}"));
    }

    @Test
    void severityGrowsWithTheCount() {
        Driver d = new Driver("arn:aws:iam::123456789012:role/deploy");
        d.deny(T0 + 1000, 10);
        assertEquals(SpikeRecord.Severity.MEDIUM, d.sent.get(0).severity());
        d.deny(T0 + 2000, 100);
        d.deny(T0 + 3 * MINUTE, 1);
        SpikeRecord update = d.sent.get(d.sent.size() - 1);
        assertEquals(SpikeRecord.State.UPDATE, update.state());
        assertTrue(update.count() >= 100);
        assertEquals(SpikeRecord.Severity.CRITICAL, update.severity());
    }
}
