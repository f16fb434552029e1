package io.denywatch.alerts.deliver;

import io.denywatch.alerts.incident.Incidents;
import io.denywatch.alerts.ledger.IncidentEntry;
import io.denywatch.alerts.ledger.Ledger;
import io.denywatch.alerts.ledger.Position;
import io.denywatch.alerts.resolve.ControlledLookup;
import io.denywatch.alerts.route.Route;
import io.denywatch.alerts.sink.Delivery;
import io.denywatch.alerts.sink.FailureReason;
import io.denywatch.alerts.sink.Outcome;
import io.denywatch.alerts.sink.Sink;
import io.denywatch.contract.denial.Resolution;
import io.denywatch.contract.incident.SpikeRecord;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The delivery rules, with sinks that record what they are told and a clock that the waits move forward (so hours of
 * retrying take no time).
 */
class DispatcherTest {

    private static final Instant T0 = Instant.parse("2026-11-23T19:10:00Z");

    /** A clock moved by hand and by every wait. */
    static final class TestClock extends Clock {
        Instant now = T0;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** A sink that records each delivery and answers from a script, then accepts. */
    static class RecordingSink implements Sink {
        final String name;
        final List<Delivery> told = new ArrayList<>();
        final Deque<Outcome> script = new ArrayDeque<>();
        Outcome otherwise = Outcome.Accepted.plain();

        RecordingSink(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Outcome send(Delivery delivery) {
            told.add(delivery);
            return script.isEmpty() ? otherwise : script.poll();
        }

        List<String> summary() {
            return told.stream().map(d -> d.kind() + ":" + d.spike().state() + ":" + d.spike().count()).toList();
        }
    }

    /** A store that keeps every write, as the ledger topic would. */
    static final class MemoryStore implements Ledger.Store {
        final Map<String, IncidentEntry> written = new HashMap<>();

        @Override
        public void write(IncidentEntry entry) {
            written.put(entry.incidentId(), entry);
        }

        @Override
        public void delete(String incidentId) {
            written.remove(incidentId);
        }

        /** A new ledger read back from what was written: a restarted service. */
        Ledger reload() {
            Ledger ledger = new Ledger(this);
            written.forEach(ledger::apply);
            return ledger;
        }
    }

    private final TestClock clock = new TestClock();
    private final List<Duration> waits = new ArrayList<>();
    private final Waiter waiter = d -> {
        waits.add(d);
        clock.now = clock.now.plus(d);
    };
    private final List<AlertDeadLetter> deadLetters = new ArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MemoryStore store = new MemoryStore();
    private final RetryPolicy retry = new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(5),
            Duration.ofHours(1));

    private Dispatcher dispatcher(Ledger ledger, RoutedSink... sinks) {
        return new Dispatcher(List.of(sinks), ledger, Duration.ofMinutes(30), Duration.ofHours(1), retry,
                deadLetters::add, new AlertMetrics(registry), clock);
    }

    private static RoutedSink routed(Sink sink) {
        return new RoutedSink(sink, Route.EVERYTHING, Pacer.UNLIMITED);
    }

    private static SpikeRecord message(String incidentId, SpikeRecord.State state, long count,
                                       SpikeRecord.Severity severity, Instant windowEnd) {
        SpikeRecord r = Incidents.open();
        return new SpikeRecord(r.schemaVersion(), incidentId, state, severity, r.dimension(), r.key(),
                windowEnd.minus(Duration.ofMinutes(5)), windowEnd, count, r.baseline(), r.firstSeen(), r.lastSeen(),
                r.openedAt(), r.principalArn(), r.topActions(), r.topResources(), r.topResourceFamilies(),
                r.topErrorMessages(), r.topPolicyTypes(), r.sampleEventIds(), r.sampleRequestIds(), r.diagnosis());
    }

    private static SpikeRecord message(SpikeRecord.State state, long count) {
        return message("dw-1", state, count, SpikeRecord.Severity.HIGH, T0);
    }

    private double counter(String name, String... tags) {
        var search = registry.find(name).tags(tags);
        return search.counter() == null ? 0 : search.counter().count();
    }

    @Test
    void anIncidentIsAnnouncedUpdatedAndResolvedOnceEvenWhenEveryMessageIsReadTwice() throws Exception {
        RecordingSink sink = new RecordingSink("webhook");
        Dispatcher d = dispatcher(new Ledger(store), routed(sink));

        for (int pass = 0; pass < 2; pass++) {
            d.handle(message(SpikeRecord.State.OPEN, 12), new Position(0, 10), clock.instant(), waiter);
            d.handle(message(SpikeRecord.State.UPDATE, 30), new Position(0, 11), clock.instant(), waiter);
            d.handle(message(SpikeRecord.State.RESOLVED, 2), new Position(0, 12), clock.instant(), waiter);
        }

        assertEquals(List.of("ANNOUNCE:OPEN:12", "UPDATE:UPDATE:30", "RESOLVE:RESOLVED:2"), sink.summary());
        assertEquals(3, counter("denywatch.alerts.sent", "sink", "webhook"));
    }

    @Test
    void aRestartedServiceReadsTheLedgerAndDoesNotSendAgain() throws Exception {
        RecordingSink before = new RecordingSink("slack");
        dispatcher(new Ledger(store), routed(before))
                .handle(message(SpikeRecord.State.OPEN, 12), new Position(0, 10), clock.instant(), waiter);

        RecordingSink after = new RecordingSink("slack");
        Dispatcher restarted = dispatcher(store.reload(), routed(after));
        restarted.handle(message(SpikeRecord.State.OPEN, 12), new Position(0, 10), clock.instant(), waiter);
        restarted.handle(message(SpikeRecord.State.UPDATE, 40), new Position(0, 11), clock.instant(), waiter);

        assertEquals(List.of("ANNOUNCE:OPEN:12"), before.summary());
        assertEquals(List.of("UPDATE:UPDATE:40"), after.summary());
    }

    @Test
    void aSinkThatAcceptedIsNotAskedAgainWhenAnotherSinkWasCutShort() throws Exception {
        RecordingSink slack = new RecordingSink("slack");
        RecordingSink webhook = new RecordingSink("webhook") {
            @Override
            public Outcome send(Delivery delivery) {
                throw new DeliveryAborted("partition reassigned");
            }
        };
        assertThrows(DeliveryAborted.class, () -> dispatcher(new Ledger(store), routed(slack), routed(webhook))
                .handle(message(SpikeRecord.State.OPEN, 12), new Position(0, 10), clock.instant(), waiter));

        RecordingSink slackAgain = new RecordingSink("slack");
        RecordingSink webhookAgain = new RecordingSink("webhook");
        dispatcher(store.reload(), routed(slackAgain), routed(webhookAgain))
                .handle(message(SpikeRecord.State.OPEN, 12), new Position(0, 10), clock.instant(), waiter);

        assertEquals(List.of("ANNOUNCE:OPEN:12"), slack.summary());
        assertEquals(List.of(), slackAgain.summary());
        assertEquals(List.of("ANNOUNCE:OPEN:12"), webhookAgain.summary());
    }

    @Test
    void aSinkFirstToldOfAnUpdateHearsItAsTheOpening() throws Exception {
        RecordingSink sink = new RecordingSink("webhook");
        dispatcher(new Ledger(store), routed(sink))
                .handle(message(SpikeRecord.State.UPDATE, 50), new Position(0, 3), clock.instant(), waiter);

        assertEquals(List.of("ANNOUNCE:OPEN:50"), sink.summary());
    }

    @Test
    void anOpeningMadeFromALaterMessageKeepsTheIncidentsWholeSize() throws Exception {
        RecordingSink sink = new RecordingSink("pagerduty");
        SpikeRecord update = Incidents.open(SpikeRecord.State.UPDATE, 42);

        dispatcher(new Ledger(store), routed(sink)).handle(update, new Position(0, 3), clock.instant(), waiter);

        SpikeRecord announced = sink.told.get(0).spike();
        assertEquals(SpikeRecord.State.OPEN, announced.state());
        assertEquals(Incidents.TOTAL, announced.total());
        assertEquals(Incidents.PEAK, announced.peak());
        assertEquals(update.peakWindowStart(), announced.peakWindowStart());
        assertEquals(update.duration(), announced.duration());
    }

    @Test
    void aRouteTakesUpAnIncidentWhenItReachesItsSeverityAndStillGetsTheResolution() throws Exception {
        RecordingSink pagerDuty = new RecordingSink("pagerduty");
        RecordingSink slack = new RecordingSink("slack");
        Dispatcher d = dispatcher(new Ledger(store),
                new RoutedSink(pagerDuty, new Route(SpikeRecord.Severity.CRITICAL, Set.of(), Set.of()),
                        Pacer.UNLIMITED),
                routed(slack));

        d.handle(message("dw-1", SpikeRecord.State.OPEN, 12, SpikeRecord.Severity.MEDIUM, T0), new Position(0, 1),
                clock.instant(), waiter);
        d.handle(message("dw-1", SpikeRecord.State.UPDATE, 300, SpikeRecord.Severity.CRITICAL, T0),
                new Position(0, 2), clock.instant(), waiter);
        d.handle(message("dw-1", SpikeRecord.State.RESOLVED, 1, SpikeRecord.Severity.MEDIUM, T0),
                new Position(0, 3), clock.instant(), waiter);

        assertEquals(List.of("ANNOUNCE:OPEN:300", "RESOLVE:RESOLVED:1"), pagerDuty.summary());
        assertEquals(List.of("ANNOUNCE:OPEN:12", "UPDATE:UPDATE:300", "RESOLVE:RESOLVED:1"), slack.summary());
        assertEquals(SpikeRecord.Severity.MEDIUM, slack.told.get(1).lastSeverity(),
                "the update knows what the sink last showed");
    }

    @Test
    void routesFilterByAccountAndDimension() throws Exception {
        RecordingSink other = new RecordingSink("webhook");
        Dispatcher d = dispatcher(new Ledger(store), new RoutedSink(other,
                new Route(SpikeRecord.Severity.MEDIUM, Set.of("999999999999"), Set.of()), Pacer.UNLIMITED));
        d.handle(message(SpikeRecord.State.OPEN, 12), new Position(0, 1), clock.instant(), waiter);
        assertEquals(List.of(), other.summary());

        RecordingSink byDimension = new RecordingSink("slack");
        Dispatcher d2 = dispatcher(new Ledger(new MemoryStore()), new RoutedSink(byDimension,
                new Route(SpikeRecord.Severity.MEDIUM, Set.of("123456789012"), Set.of("principal")),
                Pacer.UNLIMITED));
        d2.handle(message(SpikeRecord.State.OPEN, 12), new Position(0, 1), clock.instant(), waiter);
        assertEquals(List.of("ANNOUNCE:OPEN:12"), byDimension.summary());
    }

    @Test
    void aNewIncidentOnTheSameKeyWaitsOutTheCooldownThenIsAnnouncedIfStillOpen() throws Exception {
        RecordingSink sink = new RecordingSink("slack");
        Dispatcher d = dispatcher(new Ledger(store), routed(sink));
        d.handle(message("dw-1", SpikeRecord.State.OPEN, 12, SpikeRecord.Severity.HIGH, T0), new Position(0, 1),
                clock.instant(), waiter);
        d.handle(message("dw-1", SpikeRecord.State.RESOLVED, 1, SpikeRecord.Severity.HIGH, T0.plusSeconds(600)),
                new Position(0, 2), clock.instant(), waiter);

        // Ten minutes after the resolution, the key spikes again: held back.
        d.handle(message("dw-2", SpikeRecord.State.OPEN, 15, SpikeRecord.Severity.HIGH, T0.plusSeconds(1200)),
                new Position(3, 7), clock.instant(), waiter);
        d.handle(message("dw-2", SpikeRecord.State.UPDATE, 20, SpikeRecord.Severity.HIGH, T0.plusSeconds(1800)),
                new Position(3, 8), clock.instant(), waiter);
        assertEquals(2, sink.told.size());
        assertEquals(2, counter("denywatch.alerts.suppressed", "reason", "cooldown"));

        // Still open 31 minutes after: announced, as an opening.
        d.handle(message("dw-2", SpikeRecord.State.UPDATE, 25, SpikeRecord.Severity.HIGH, T0.plusSeconds(2500)),
                new Position(3, 9), clock.instant(), waiter);
        assertEquals("ANNOUNCE:OPEN:25", sink.summary().get(2));
        assertEquals("dw-2", sink.told.get(2).spike().incidentId());
    }

    @Test
    void anIncidentHeldBackThatEndsInsideTheCooldownIsNeverSent() throws Exception {
        RecordingSink sink = new RecordingSink("slack");
        Dispatcher d = dispatcher(new Ledger(store), routed(sink));
        d.handle(message("dw-1", SpikeRecord.State.OPEN, 12, SpikeRecord.Severity.HIGH, T0), new Position(0, 1),
                clock.instant(), waiter);
        d.handle(message("dw-1", SpikeRecord.State.RESOLVED, 1, SpikeRecord.Severity.HIGH, T0.plusSeconds(60)),
                new Position(0, 2), clock.instant(), waiter);
        d.handle(message("dw-2", SpikeRecord.State.OPEN, 15, SpikeRecord.Severity.HIGH, T0.plusSeconds(120)),
                new Position(0, 3), clock.instant(), waiter);
        d.handle(message("dw-2", SpikeRecord.State.RESOLVED, 1, SpikeRecord.Severity.HIGH, T0.plusSeconds(180)),
                new Position(0, 4), clock.instant(), waiter);

        assertEquals(List.of("ANNOUNCE:OPEN:12", "RESOLVE:RESOLVED:1"), sink.summary());
        assertEquals(1, counter("denywatch.alerts.suppressed", "reason", "never_announced"));
    }

    @Test
    void oldMessagesAreRecordedButNotAnnounced() throws Exception {
        RecordingSink sink = new RecordingSink("pagerduty");
        Dispatcher d = dispatcher(new Ledger(store), routed(sink));

        d.handle(message(SpikeRecord.State.OPEN, 12), new Position(0, 1), clock.instant().minus(Duration.ofDays(3)),
                waiter);
        assertEquals(List.of(), sink.summary());
        assertEquals(1, counter("denywatch.alerts.suppressed", "reason", "stale"));

        d.handle(message(SpikeRecord.State.UPDATE, 70), new Position(0, 2), clock.instant(), waiter);
        assertEquals(List.of("ANNOUNCE:OPEN:70"), sink.summary());
    }

    @Test
    void failuresAreRetriedWithGrowingJitteredWaitsAndRetryAfterIsHonoured() throws Exception {
        RecordingSink sink = new RecordingSink("slack");
        sink.script.add(new Outcome.Retry(FailureReason.SERVER_ERROR, null, "HTTP 503"));
        sink.script.add(new Outcome.Retry(FailureReason.SERVER_ERROR, null, "HTTP 503"));
        sink.script.add(new Outcome.Retry(FailureReason.SERVER_ERROR, null, "HTTP 503"));
        sink.script.add(new Outcome.Retry(FailureReason.RATE_LIMITED, Duration.ofSeconds(42), "HTTP 429"));
        Dispatcher d = dispatcher(new Ledger(store), routed(sink));

        d.handle(message(SpikeRecord.State.OPEN, 12), new Position(0, 1), clock.instant(), waiter);

        assertEquals(5, sink.told.size());
        assertEquals(List.of(), deadLetters);
        List<Duration> backoffs = waits.stream().filter(w -> !w.isZero()).toList();
        assertEquals(4, backoffs.size());
        // 1 s, 2 s, 4 s, each within ±50 %, then exactly what the receiver asked for.
        assertBetween(backoffs.get(0), 500, 1500);
        assertBetween(backoffs.get(1), 1000, 3000);
        assertBetween(backoffs.get(2), 2000, 6000);
        assertEquals(Duration.ofSeconds(42), backoffs.get(3));
        assertEquals(4, counter("denywatch.alerts.retried", "sink", "slack"));
        assertEquals(3, counter("denywatch.alerts.failed", "sink", "slack", "reason", "server_error"));
        assertEquals(1, counter("denywatch.alerts.failed", "sink", "slack", "reason", "rate_limited"));
        assertEquals(1, counter("denywatch.alerts.sent", "sink", "slack"));
    }

    private static void assertBetween(Duration d, long minMillis, long maxMillis) {
        assertTrue(d.toMillis() >= minMillis && d.toMillis() <= maxMillis, d + " not in [" + minMillis + ", "
                + maxMillis + "] ms");
    }

    @Test
    void aSinkDownPastTheGiveUpTimeDeadLettersTheAlertAndMovesOn() throws Exception {
        RecordingSink sink = new RecordingSink("webhook");
        sink.otherwise = new Outcome.Retry(FailureReason.CONNECTION, null, "ConnectException");
        Dispatcher d = dispatcher(new Ledger(store), routed(sink));

        d.handle(message(SpikeRecord.State.OPEN, 12), new Position(0, 1), clock.instant(), waiter);

        assertEquals(1, deadLetters.size());
        AlertDeadLetter letter = deadLetters.get(0);
        assertEquals("webhook", letter.sink());
        assertEquals("retries_exhausted", letter.reason());
        assertEquals("connection: ConnectException", letter.detail());
        assertEquals(sink.told.size(), letter.attempts());
        assertEquals("dw-1", letter.incident().incidentId());
        assertTrue(Duration.between(T0, clock.instant()).compareTo(Duration.ofHours(1)) <= 0);
        assertTrue(sink.told.size() > 10, "kept trying for the hour: " + sink.told.size());
        assertEquals(1, counter("denywatch.alerts.dead.letters", "sink", "webhook", "reason", "retries_exhausted"));
    }

    @Test
    void aRefusedAnnouncementIsDeadLetteredAndTheNextMessageTriesToAnnounceAgain() throws Exception {
        RecordingSink sink = new RecordingSink("slack");
        sink.script.add(new Outcome.Rejected(FailureReason.REJECTED, "HTTP 400: invalid_payload"));
        Dispatcher d = dispatcher(new Ledger(store), routed(sink));

        d.handle(message(SpikeRecord.State.OPEN, 12), new Position(0, 1), clock.instant(), waiter);
        d.handle(message(SpikeRecord.State.UPDATE, 40), new Position(0, 2), clock.instant(), waiter);

        assertEquals(List.of("ANNOUNCE:OPEN:12", "ANNOUNCE:OPEN:40"), sink.summary());
        assertEquals(1, deadLetters.size());
        assertEquals("rejected", deadLetters.get(0).reason());
        assertEquals("HTTP 400: invalid_payload", deadLetters.get(0).detail());
        assertEquals(1, counter("denywatch.alerts.dead.letters", "sink", "slack", "reason", "rejected"));
    }

    @Test
    void theSinkReferenceFromTheAnnouncementComesBackWithEveryLaterMessage() throws Exception {
        RecordingSink bot = new RecordingSink("slack-bot");
        bot.script.add(new Outcome.Accepted(Map.of("channel", "C1", "ts", "1700000000.000100")));
        Dispatcher d = dispatcher(new Ledger(store), routed(bot));

        d.handle(message(SpikeRecord.State.OPEN, 12), new Position(0, 1), clock.instant(), waiter);
        dispatcher(store.reload(), routed(bot))
                .handle(message(SpikeRecord.State.RESOLVED, 1), new Position(0, 2), clock.instant(), waiter);

        assertEquals(Map.of("channel", "C1", "ts", "1700000000.000100"), bot.told.get(1).previous());
    }

    @Test
    void anIncidentNoRouteTakesIsNotLookedUpUntilARouteTakesIt() throws Exception {
        RecordingSink pager = new RecordingSink("pagerduty");
        ControlledLookup lookup = new ControlledLookup()
                .answeringAtOnce("dw-1", new Resolution(Resolution.Outcome.NO_MATCH,
                        Resolution.Method.POLICY_DOCUMENTS, "No statement matches.", List.of(), List.of()));
        Dispatcher dispatcher = new Dispatcher(List.of(new RoutedSink(pager,
                new Route(SpikeRecord.Severity.CRITICAL, Set.of(), Set.of()), Pacer.UNLIMITED)), new Ledger(store),
                Duration.ofMinutes(30), Duration.ofHours(1), retry, deadLetters::add, new AlertMetrics(registry),
                clock, lookup, Duration.ofSeconds(5));

        dispatcher.handle(message("dw-1", SpikeRecord.State.OPEN, 12, SpikeRecord.Severity.MEDIUM, T0),
                new Position(0, 0), T0, waiter);
        assertEquals(0, lookup.times("dw-1"));

        dispatcher.handle(message("dw-1", SpikeRecord.State.UPDATE, 90, SpikeRecord.Severity.CRITICAL,
                T0.plus(Duration.ofMinutes(5))), new Position(0, 1), T0, waiter);
        assertEquals(1, lookup.times("dw-1"));
        assertEquals("No statement matches.", pager.told.get(0).spike().resolution().summary());
        assertEquals(Delivery.Kind.ANNOUNCE, pager.told.get(0).kind());
    }

    @Test
    void theNewIncidentsOfOneBatchShareOneWaitForTheirLookups() throws Exception {
        RecordingSink sink = new RecordingSink("console");
        ControlledLookup lookup = new ControlledLookup();
        Dispatcher d = new Dispatcher(List.of(new RoutedSink(sink, Route.EVERYTHING, Pacer.UNLIMITED)),
                new Ledger(store), Duration.ofMinutes(30), Duration.ofHours(1), retry, deadLetters::add,
                new AlertMetrics(registry), clock, lookup, Duration.ofSeconds(5));
        List<Dispatcher.Incoming> batch = new ArrayList<>();
        for (String who : List.of("a", "b", "c")) {
            SpikeRecord r = message("dw-" + who, SpikeRecord.State.OPEN, 12, SpikeRecord.Severity.HIGH, T0);
            SpikeRecord own = new SpikeRecord(r.schemaVersion(), r.incidentId(), r.state(), r.severity(),
                    r.dimension(), new SpikeRecord.Key("arn:aws:iam::123456789012:role/" + who, null, null, null),
                    r.windowStart(), r.windowEnd(), r.count(), r.baseline(), r.firstSeen(), r.lastSeen(),
                    r.openedAt(), r.principalArn(), r.topActions(), r.topResources(), r.topResourceFamilies(),
                    r.topErrorMessages(), r.topPolicyTypes(), r.sampleEventIds(), r.sampleRequestIds(),
                    r.diagnosis());
            batch.add(new Dispatcher.Incoming(own, new Position(0, batch.size()), clock.instant()));
        }
        Instant start = clock.instant();

        d.prepare(batch);
        for (Dispatcher.Incoming incoming : batch) {
            d.handle(incoming.spike(), incoming.position(), incoming.publishedAt(), waiter);
        }

        // The lookups never answer: the batch waits once, not once per incident.
        assertEquals(Duration.ofSeconds(5), Duration.between(start, clock.instant()));
        assertEquals(3, sink.told.size());
        for (String who : List.of("a", "b", "c")) {
            assertEquals(1, lookup.times("dw-" + who), "looked up once, before the batch: dw-" + who);
        }
    }

    @Test
    void aSinkPacedAtSixtyAMinuteIsSentOneMessageASecond() throws Exception {
        RecordingSink sink = new RecordingSink("slack");
        Dispatcher d = dispatcher(new Ledger(store), new RoutedSink(sink, Route.EVERYTHING,
                Pacer.perMinute("slack", 60)));

        long start = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            d.handle(message("dw-" + i, SpikeRecord.State.OPEN, 12, SpikeRecord.Severity.HIGH, T0),
                    new Position(0, i), clock.instant(), Waiter.SLEEP);
        }
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

        assertEquals(3, sink.told.size());
        assertTrue(elapsedMillis >= 1900, "three messages at one a second took " + elapsedMillis + " ms");
    }
}
