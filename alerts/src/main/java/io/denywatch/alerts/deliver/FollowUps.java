package io.denywatch.alerts.deliver;

import io.denywatch.alerts.ledger.IncidentEntry;
import io.denywatch.alerts.ledger.Ledger;
import io.denywatch.alerts.ledger.ResolutionFollowUp;
import io.denywatch.alerts.ledger.SinkProgress;
import io.denywatch.alerts.resolve.Answers;
import io.denywatch.alerts.resolve.PendingLookups;
import io.denywatch.alerts.sink.Delivery;
import io.denywatch.contract.incident.SpikeRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;

/**
 * Tells each sink that delivered an incident the statements behind it, when the lookup answered after the
 * announcement: once per sink, and only when the answer is worth a message.
 *
 * <p>Every step is in the ledger before the next: the answer when it comes, then each sink once it is told (or once
 * its follow-up is dead-lettered), then the end. A restart therefore neither repeats a follow-up a sink accepted nor
 * loses one still owed: an answer recorded but not yet told to every sink is told to the rest, and a lookup that was
 * under way is made again.
 */
final class FollowUps {

    private static final Logger LOG = LoggerFactory.getLogger(FollowUps.class);

    private final List<RoutedSink> sinks;
    private final Ledger ledger;
    private final SinkAttempts attempts;
    private final PendingLookups lookups;
    private final AlertMetrics metrics;
    private final Clock clock;

    FollowUps(List<RoutedSink> sinks, Ledger ledger, SinkAttempts attempts, PendingLookups lookups,
              AlertMetrics metrics, Clock clock) {
        this.sinks = sinks;
        this.ledger = ledger;
        this.attempts = attempts;
        this.lookups = lookups;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** See {@link Dispatcher#followUp}. */
    void run(IntPredicate owns, IntFunction<Waiter> waiterFor) throws InterruptedException {
        if (!lookups.on()) {
            return;
        }
        try {
            for (PendingLookups.Answer answer : lookups.drain()) {
                take(answer, owns, waiterFor);
            }
            lookups.forgetUnless(incidentId -> {
                IncidentEntry entry = ledger.get(incidentId);
                return entry != null && entry.owesFollowUp();
            });
            for (IncidentEntry entry : ledger.owingFollowUps()) {
                if (owns.test(entry.partition()) && !lookups.inFlight(entry.incidentId())) {
                    resume(entry, waiterFor.apply(entry.partition()));
                }
            }
        } catch (DeliveryAborted e) {
            // The rest stays owed in the ledger, for this instance's next round or the partition's next owner.
            LOG.info("Follow-ups left for later: {}", e.getMessage());
        }
    }

    private void take(PendingLookups.Answer answer, IntPredicate owns, IntFunction<Waiter> waiterFor)
            throws InterruptedException {
        metrics.lookedUp(answer.resolution().outcome());
        IncidentEntry entry = ledger.get(answer.incidentId());
        if (entry == null || !entry.owesFollowUp() || !entry.followUp().awaitingAnswer()
                || !owns.test(entry.partition())) {
            // Forgotten, already told, or another instance's now: that instance asks again.
            return;
        }
        if (!Answers.worthTelling(answer.resolution())) {
            metrics.answerTold("not_told");
            LOG.info("Incident {}: the lookup answered {}; nothing to follow up", entry.incidentId(),
                    answer.resolution().outcome());
            ledger.put(entry.withFollowUp(ResolutionFollowUp.nothingToTell(), clock.instant()));
            return;
        }
        metrics.answerTold("follow_up");
        IncidentEntry answered = entry.withFollowUp(entry.followUp().answered(answer.resolution()), clock.instant());
        ledger.put(answered);
        tell(answered, waiterFor.apply(answered.partition()));
    }

    /** A follow-up a previous run left owed: ask again when the answer never came, else tell who was not told. */
    private void resume(IncidentEntry entry, Waiter waiter) throws InterruptedException {
        ResolutionFollowUp followUp = entry.followUp();
        if (followUp.incident() == null) {
            ledger.put(entry.withFollowUp(followUp.finished(), clock.instant()));
            return;
        }
        if (followUp.awaitingAnswer()) {
            LOG.info("Incident {}: asking again for the statements behind it", entry.incidentId());
            lookups.followUpWhenAnswered(entry.incidentId(), lookups.start(followUp.incident()));
            return;
        }
        tell(entry, waiter);
    }

    private void tell(IncidentEntry entry, Waiter waiter) throws InterruptedException {
        ResolutionFollowUp followUp = entry.followUp();
        SpikeRecord incident = followUp.incident().withResolution(followUp.resolution());
        boolean over = entry.resolvedAt() != null;
        for (RoutedSink sink : sinks) {
            SinkProgress progress = entry.progress(sink.name());
            if (progress == null || !progress.following() || progress.followedUp()) {
                continue;
            }
            attempts.deliver(sink, Delivery.followUp(incident, progress.reference(), over), null, waiter);
            entry = entry.withSink(sink.name(), progress.withFollowedUp(), clock.instant());
            ledger.put(entry);
        }
        ledger.put(entry.withFollowUp(followUp.finished(), clock.instant()));
    }
}
