package io.denywatch.alerts.deliver;

import io.denywatch.alerts.ledger.IncidentEntry;
import io.denywatch.alerts.ledger.Ledger;
import io.denywatch.alerts.ledger.Position;
import io.denywatch.alerts.ledger.ResolutionFollowUp;
import io.denywatch.alerts.ledger.SinkProgress;
import io.denywatch.alerts.resolve.Answers;
import io.denywatch.alerts.resolve.IncidentLookup;
import io.denywatch.alerts.resolve.PendingLookups;
import io.denywatch.alerts.sink.Delivery;
import io.denywatch.alerts.sink.Outcome;
import io.denywatch.contract.denial.Resolution;
import io.denywatch.contract.incident.SpikeRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;

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
 *   <li><b>The statements behind it.</b> When lookups are on, a new incident's announcement waits up to
 *       {@code alerts.resolve.wait} for the statements behind its denials and carries them when they come in time;
 *       otherwise it goes at once and {@link FollowUps} tells each sink the answer when it comes. Every later message
 *       of the incident carries the answer too.</li>
 * </ul>
 */
public final class Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    /** How often a wait for a lookup's answer looks whether it came. */
    private static final Duration ANSWER_CHECK = Duration.ofMillis(50);

    private final List<RoutedSink> sinks;
    private final Ledger ledger;
    private final Duration cooldown;
    private final Duration maxAge;
    private final AlertMetrics metrics;
    private final Clock clock;
    private final SinkAttempts attempts;
    private final PendingLookups lookups;
    private final Duration resolveWait;
    private final FollowUps followUps;

    /** A dispatcher that makes no lookups. */
    public Dispatcher(List<RoutedSink> sinks, Ledger ledger, Duration cooldown, Duration maxAge, RetryPolicy retry,
                      AlertDeadLetter.Writer deadLetters, AlertMetrics metrics, Clock clock) {
        this(sinks, ledger, cooldown, maxAge, retry, deadLetters, metrics, clock, IncidentLookup.NONE, Duration.ZERO);
    }

    /**
     * @param maxAge      messages older than this are not announced; {@code null} announces whatever the age
     * @param lookup      looks up the statements behind a new incident; {@link IncidentLookup#NONE} for none
     * @param resolveWait how long an announcement waits for the lookup's answer; zero never waits
     */
    public Dispatcher(List<RoutedSink> sinks, Ledger ledger, Duration cooldown, Duration maxAge, RetryPolicy retry,
                      AlertDeadLetter.Writer deadLetters, AlertMetrics metrics, Clock clock, IncidentLookup lookup,
                      Duration resolveWait) {
        this.sinks = List.copyOf(sinks);
        this.ledger = ledger;
        this.cooldown = cooldown;
        this.maxAge = maxAge;
        this.metrics = metrics;
        this.clock = clock;
        this.attempts = new SinkAttempts(retry, deadLetters, metrics, clock);
        this.lookups = new PendingLookups(lookup);
        this.resolveWait = resolveWait == null || resolveWait.isNegative() ? Duration.ZERO : resolveWait;
        this.followUps = new FollowUps(this.sinks, ledger, attempts, lookups, metrics, clock);
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
            if (startsLookup(entry, spike)) {
                entry = lookUp(asOpen(spike), entry, waiter);
            }
            SpikeRecord told = withKnownAnswer(spike, entry);
            for (RoutedSink sink : sinks) {
                entry = tell(sink, told, entry, position, publishedAt, waiter);
            }
        } else {
            metrics.suppressed(held);
            LOG.info("Incident {} {} not announced: {}", spike.incidentId(), spike.state(), held);
        }
        ledger.put(entry.completed(position, resolves ? messageTime(spike, publishedAt) : null, clock.instant()));
    }

    /**
     * An incident message about to be handled.
     *
     * @param spike       the message
     * @param position    where it is on the spike topic
     * @param publishedAt when the analyzer published it
     */
    public record Incoming(SpikeRecord spike, Position position, Instant publishedAt) {
    }

    /**
     * Starts, together, the lookups of the new incidents among {@code batch} that {@link #handle} will announce, so
     * that their announcements share one wait of {@code alerts.resolve.wait} rather than waiting one after another.
     * Call it before handling the batch, on the thread that handles it.
     */
    public void prepare(List<Incoming> batch) {
        if (!lookups.on()) {
            return;
        }
        List<SpikeRecord> toLookUp = new ArrayList<>();
        Instant now = clock.instant();
        for (Incoming incoming : batch) {
            SpikeRecord spike = incoming.spike();
            IncidentEntry entry = ledger.get(spike.incidentId());
            if (entry != null && entry.handled(incoming.position())) {
                continue;
            }
            IncidentEntry current = entry != null ? entry
                    : IncidentEntry.start(spike.incidentId(), cooldownKey(spike), incoming.position().partition(), now);
            boolean announced = current.announced() || holdReason(spike, incoming.publishedAt()) != null;
            if (!announced && startsLookup(current, spike)
                    && toLookUp.stream().noneMatch(s -> s.incidentId().equals(spike.incidentId()))) {
                toLookUp.add(asOpen(spike));
            }
        }
        lookups.startEarly(toLookUp, now);
    }

    /**
     * Tells the sinks the lookup answers that came after their incidents were delivered, and takes up follow-ups a
     * previous run, or the previous owner of a partition, left owed. Call it on the thread that calls
     * {@link #handle}, between messages: the ledger has one writer.
     *
     * @param owns      whether this instance delivers the incidents of a spike-topic partition now
     * @param waiterFor how to wait between attempts for an incident of a partition
     */
    public void followUp(IntPredicate owns, IntFunction<Waiter> waiterFor) throws InterruptedException {
        followUps.run(owns, waiterFor);
    }

    /**
     * A lookup is made once per incident, when it is first announced: not for an incident no sink's route takes (the
     * lookups cost AWS calls), which is looked up when a later message makes a route take it.
     */
    private boolean startsLookup(IncidentEntry entry, SpikeRecord spike) {
        if (!lookups.on() || entry.followUp() != null || entry.announced()
                || spike.state() == SpikeRecord.State.RESOLVED) {
            return false;
        }
        SpikeRecord announcement = asOpen(spike);
        return sinks.stream().anyMatch(sink -> sink.route().accepts(announcement));
    }

    /**
     * Starts the lookup and waits for its answer up to the wait. An answer in time is kept in the entry, so the
     * announcement carries it; otherwise the entry records that an answer is awaited (before any sink is told, so a
     * restart knows a follow-up may be owed) and the answer is followed up when it comes.
     */
    private IncidentEntry lookUp(SpikeRecord incident, IncidentEntry entry, Waiter waiter)
            throws InterruptedException {
        PendingLookups.Started started = lookups.take(incident, clock.instant());
        CompletableFuture<Resolution> answer = started.answer();
        Resolution inTime = awaitAnswer(answer, started.at(), waiter);
        Instant now = clock.instant();
        if (inTime != null) {
            lookups.answeredInTime(incident.incidentId());
            metrics.lookedUp(inTime.outcome());
            if (!Answers.worthTelling(inTime)) {
                metrics.answerTold("not_told");
                return entry.withFollowUp(ResolutionFollowUp.nothingToTell(), now);
            }
            metrics.answerTold("with_alert");
            return entry.withFollowUp(ResolutionFollowUp.toldWithAlert(inTime), now);
        }
        LOG.info("Incident {}: the lookup did not answer within {}; announcing now, following up later",
                incident.incidentId(), resolveWait);
        IncidentEntry awaiting = entry.withFollowUp(ResolutionFollowUp.awaiting(incident), now);
        ledger.put(awaiting);
        lookups.followUpWhenAnswered(incident.incidentId(), answer);
        return awaiting;
    }

    /**
     * The answer if it comes within the wait from when the lookup started, else {@code null}; a zero wait takes only an
     * answer already there.
     */
    private Resolution awaitAnswer(CompletableFuture<Resolution> answer, Instant started, Waiter waiter)
            throws InterruptedException {
        Instant deadline = started.plus(resolveWait);
        while (!answer.isDone()) {
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isNegative() || left.isZero()) {
                return null;
            }
            waiter.await(left.compareTo(ANSWER_CHECK) < 0 ? left : ANSWER_CHECK);
        }
        return answer.join();
    }

    /** The message with the answer the incident's lookup gave, when it gave one worth telling. */
    private static SpikeRecord withKnownAnswer(SpikeRecord spike, IncidentEntry entry) {
        ResolutionFollowUp followUp = entry.followUp();
        if (followUp == null || followUp.resolution() == null || spike.resolution() != null) {
            return spike;
        }
        return spike.withResolution(followUp.resolution());
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
        Outcome outcome = attempts.deliver(sink, delivery, publishedAt, waiter);
        SinkProgress after = progressAfter(outcome, delivery, progress, position);
        IncidentEntry next = entry.withSink(sink.name(), after, clock.instant());
        ledger.put(next);
        return next;
    }

    /**
     * What the sink has been told once the delivery is done. A refused announcement leaves the sink not following, so
     * a later message may announce the incident again.
     */
    private static SinkProgress progressAfter(Outcome outcome, Delivery delivery, SinkProgress before,
                                              Position position) {
        boolean followedUp = before != null && before.followedUp();
        if (outcome instanceof Outcome.Accepted accepted) {
            return new SinkProgress(position.offset(), true,
                    accepted.reference().isEmpty() && before != null ? before.reference() : accepted.reference(),
                    delivery.spike().severity(), followedUp || delivery.spike().resolution() != null);
        }
        return new SinkProgress(position.offset(), before != null && before.following(),
                before == null ? null : before.reference(), before == null ? null : before.severity(), followedUp);
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
