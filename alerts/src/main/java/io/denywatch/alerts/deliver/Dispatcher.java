package io.denywatch.alerts.deliver;

import io.denywatch.alerts.ledger.IncidentEntry;
import io.denywatch.alerts.ledger.Ledger;
import io.denywatch.alerts.ledger.Position;
import io.denywatch.alerts.ledger.SinkProgress;
import io.denywatch.alerts.sink.Delivery;
import io.denywatch.alerts.sink.FailureReason;
import io.denywatch.alerts.sink.Outcome;
import io.denywatch.contract.incident.SpikeRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Decides, for each incident message, which sinks are told what, and tells them — once.
 *
 * <ul>
 *   <li><b>Once per incident.</b> The ledger records, per incident and sink, the last message the sink is done with;
 *       a message read again (after a restart, a rebalance, or a crash before the offset commit) is not sent again.
 *       The record is written as soon as each sink accepts, before the next sink is tried.</li>
 *   <li><b>Announce, update, resolve.</b> A sink's first message about an incident is an announcement (state OPEN);
 *       after that it gets the updates and the resolution, whatever its route says. A sink whose route did not take
 *       the incident at first takes it up when an update does match (say, when it reaches CRITICAL).</li>
 *   <li><b>Cooldown.</b> A new incident on a key whose last announced incident resolved less than the cooldown ago
 *       is held back; if it is still open when the cooldown ends, its next message announces it.</li>
 *   <li><b>Stale.</b> Messages older than the maximum age when read are recorded, not announced.</li>
 *   <li><b>Never lost.</b> Failures are retried with backoff until the give-up time; what a sink refuses, or what
 *       cannot be delivered in time, goes to the dead-letter topic with the reason. Either way the message is done.</li>
 * </ul>
 */
public final class Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final List<RoutedSink> sinks;
    private final Ledger ledger;
    private final Duration cooldown;
    private final Duration maxAge;
    private final RetryPolicy retry;
    private final AlertDeadLetter.Writer deadLetters;
    private final AlertMetrics metrics;
    private final Clock clock;

    /** @param maxAge messages older than this are not announced; {@code null} announces whatever the age */
    public Dispatcher(List<RoutedSink> sinks, Ledger ledger, Duration cooldown, Duration maxAge, RetryPolicy retry,
                      AlertDeadLetter.Writer deadLetters, AlertMetrics metrics, Clock clock) {
        this.sinks = List.copyOf(sinks);
        this.ledger = ledger;
        this.cooldown = cooldown;
        this.maxAge = maxAge;
        this.retry = retry;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.clock = clock;
    }

    public List<RoutedSink> sinks() {
        return sinks;
    }

    /**
     * Handles one incident message; returns when every sink that should hear of it accepted it, did not need it, or
     * had it dead-lettered.
     *
     * @param position    where the message is on the spike topic
     * @param publishedAt when the analyzer published it
     * @param waiter      how to wait between attempts
     * @throws DeliveryAborted      when the message stopped being this instance's to deliver
     * @throws InterruptedException when stopping
     */
    public void handle(SpikeRecord spike, Position position, Instant publishedAt, Waiter waiter)
            throws InterruptedException {
        IncidentEntry entry = ledger.get(spike.incidentId());
        if (entry != null && entry.handled(position)) {
            return;
        }
        Instant now = clock.instant();
        entry = entry == null
                ? IncidentEntry.start(spike.incidentId(), cooldownKey(spike), position.partition(), now)
                : entry.movedTo(position.partition(), now);
        boolean resolves = spike.state() == SpikeRecord.State.RESOLVED;
        String held = entry.announced() ? null : holdReason(spike, publishedAt);
        if (held == null) {
            for (RoutedSink sink : sinks) {
                entry = tell(sink, spike, entry, position, publishedAt, waiter);
            }
        } else {
            metrics.suppressed(held);
            LOG.info("Incident {} {} not announced: {}", spike.incidentId(), spike.state(), held);
        }
        ledger.put(entry.completed(position, resolves ? messageTime(spike, publishedAt) : null, clock.instant()));
    }

    /** Why an incident no sink follows yet is not announced now, or {@code null} when it may be. */
    private String holdReason(SpikeRecord spike, Instant publishedAt) {
        if (spike.state() == SpikeRecord.State.RESOLVED) {
            return "never_announced";
        }
        if (maxAge != null && publishedAt != null && publishedAt.plus(maxAge).isBefore(clock.instant())) {
            return "stale";
        }
        Instant cooldownEnd = ledger.cooldownEnd(cooldownKey(spike), cooldown);
        if (cooldownEnd != null && messageTime(spike, publishedAt).isBefore(cooldownEnd)) {
            return "cooldown";
        }
        return null;
    }

    private IncidentEntry tell(RoutedSink sink, SpikeRecord spike, IncidentEntry entry, Position position,
                               Instant publishedAt, Waiter waiter) throws InterruptedException {
        SinkProgress progress = entry.progress(sink.name());
        if (progress != null && progress.offset() >= position.offset()) {
            return entry;
        }
        Delivery delivery;
        if (progress == null || !progress.following()) {
            if (spike.state() == SpikeRecord.State.RESOLVED || !sink.route().accepts(spike)) {
                return entry;
            }
            delivery = new Delivery(asOpen(spike), Delivery.Kind.ANNOUNCE, null, null);
        } else {
            delivery = new Delivery(spike, spike.state() == SpikeRecord.State.RESOLVED
                    ? Delivery.Kind.RESOLVE : Delivery.Kind.UPDATE, progress.reference(), progress.severity());
        }
        SinkProgress after = deliver(sink, delivery, progress, position, publishedAt, waiter);
        IncidentEntry next = entry.withSink(sink.name(), after, clock.instant());
        ledger.put(next);
        return next;
    }

    private SinkProgress deliver(RoutedSink sink, Delivery delivery, SinkProgress before, Position position,
                                 Instant publishedAt, Waiter waiter) throws InterruptedException {
        Instant started = clock.instant();
        int attempt = 0;
        while (true) {
            waiter.await(sink.pacer().reserve());
            attempt++;
            Outcome outcome = sink.sink().send(delivery);
            if (outcome instanceof Outcome.Accepted accepted) {
                metrics.sent(sink.name(), publishedAt == null ? null : Duration.between(publishedAt, clock.instant()));
                LOG.info("Incident {} {} sent to {}", delivery.spike().incidentId(), delivery.kind(), sink.name());
                return new SinkProgress(position.offset(), true,
                        accepted.reference().isEmpty() && before != null ? before.reference() : accepted.reference(),
                        delivery.spike().severity());
            }
            if (outcome instanceof Outcome.NotNeeded) {
                return new SinkProgress(position.offset(), before != null && before.following(),
                        before == null ? null : before.reference(), before == null ? null : before.severity());
            }
            if (outcome instanceof Outcome.Rejected rejected) {
                metrics.failed(sink.name(), rejected.reason());
                return deadLetter(sink, delivery, before, position, rejected.reason(), rejected.detail(), attempt);
            }
            Outcome.Retry again = (Outcome.Retry) outcome;
            metrics.failed(sink.name(), again.reason());
            Duration wait = retry.backoff(attempt, again.retryAfter());
            Duration spent = Duration.between(started, clock.instant());
            if (spent.plus(wait).compareTo(retry.giveUpAfter()) > 0) {
                return deadLetter(sink, delivery, before, position, FailureReason.RETRIES_EXHAUSTED,
                        again.reason().label() + ": " + again.detail(), attempt);
            }
            metrics.retried(sink.name());
            LOG.warn("Incident {} {} to {} failed ({}: {}), attempt {}; retrying in {} ms",
                    delivery.spike().incidentId(), delivery.kind(), sink.name(), again.reason().label(),
                    again.detail(), attempt, wait.toMillis());
            waiter.await(wait);
        }
    }

    private SinkProgress deadLetter(RoutedSink sink, Delivery delivery, SinkProgress before, Position position,
                                    FailureReason reason, String detail, int attempts) {
        deadLetters.write(new AlertDeadLetter(sink.name(), reason.label(), detail, attempts, clock.instant(),
                delivery.spike()));
        metrics.deadLettered(sink.name(), reason.label());
        LOG.error("Incident {} {} to {} dead-lettered after {} attempt(s): {}: {}", delivery.spike().incidentId(),
                delivery.kind(), sink.name(), attempts, reason.label(), detail);
        // A refused announcement leaves the sink not following, so a later message may announce the incident again.
        return new SinkProgress(position.offset(), before != null && before.following(),
                before == null ? null : before.reference(), before == null ? null : before.severity());
    }

    /** The key an incident is about, as the cooldown sees it: dimension and key parts. */
    static String cooldownKey(SpikeRecord spike) {
        SpikeRecord.Key k = spike.key();
        return spike.dimension() + "|" + (k == null ? "" : k.principal() + "|" + k.action() + "|"
                + k.resourceFamily() + "|" + k.account());
    }

    /** The event time a message speaks for: its window's end. */
    static Instant messageTime(SpikeRecord spike, Instant publishedAt) {
        if (spike.windowEnd() != null) {
            return spike.windowEnd();
        }
        if (spike.lastSeen() != null) {
            return spike.lastSeen();
        }
        return publishedAt != null ? publishedAt : Instant.EPOCH;
    }

    /**
     * The message as an announcement: the first a sink hears of an incident is always that it opened. It keeps the
     * incident's size as the message has it: a sink that takes up an incident late announces it as large as it is.
     */
    static SpikeRecord asOpen(SpikeRecord s) {
        if (s.state() == SpikeRecord.State.OPEN) {
            return s;
        }
        return new SpikeRecord(s.schemaVersion(), s.incidentId(), SpikeRecord.State.OPEN, s.severity(),
                s.dimension(), s.key(), s.windowStart(), s.windowEnd(), s.count(), s.baseline(), s.firstSeen(),
                s.lastSeen(), s.openedAt(), s.principalArn(), s.topActions(), s.topResources(),
                s.topResourceFamilies(), s.topErrorMessages(), s.topPolicyTypes(), s.sampleEventIds(),
                s.sampleRequestIds(), s.diagnosis(), s.totalCount(), s.peakCount(), s.peakWindowStart(),
                s.startedAt(), s.latestAt(), null);
    }
}
