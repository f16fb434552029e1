package io.denywatch.alerts.service;

import io.denywatch.alerts.config.AlertSettings;
import io.denywatch.alerts.deliver.AlertDeadLetter;
import io.denywatch.alerts.deliver.AlertMetrics;
import io.denywatch.alerts.deliver.DeliveryAborted;
import io.denywatch.alerts.deliver.Dispatcher;
import io.denywatch.alerts.deliver.RetryPolicy;
import io.denywatch.alerts.deliver.RoutedSink;
import io.denywatch.alerts.deliver.Waiter;
import io.denywatch.alerts.ledger.Ledger;
import io.denywatch.alerts.ledger.Position;
import io.denywatch.alerts.sink.Sinks;
import io.denywatch.contract.incident.SpikeRecord;
import io.denywatch.common.config.Config;
import io.micrometer.core.instrument.MeterRegistry;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The configured sinks fed directly, without Kafka: for a one-shot run such as {@code denywatch scan}, which finds
 * incidents in old logs and tells the same sinks the service would. Same dispatcher, same rules, except that old
 * incidents are announced (looking at the past is the point) and nothing is remembered after the run.
 */
public final class DirectAlerts {

    private final Dispatcher dispatcher;
    private final List<AlertDeadLetter> deadLetters;
    private long sequence;

    private DirectAlerts(Dispatcher dispatcher, List<AlertDeadLetter> deadLetters) {
        this.dispatcher = dispatcher;
        this.deadLetters = deadLetters;
    }

    /** The configured sinks, or {@code null} when none is configured. */
    public static DirectAlerts fromConfig(Config config, MeterRegistry registry, PrintWriter console) {
        List<RoutedSink> sinks = Sinks.fromConfig(config, console, Clock.systemUTC());
        if (sinks.isEmpty()) {
            return null;
        }
        List<AlertDeadLetter> deadLetters = new ArrayList<>();
        RetryPolicy retry = new RetryPolicy(config.get(AlertSettings.RETRY_INITIAL),
                config.get(AlertSettings.RETRY_MAX), config.get(AlertSettings.GIVE_UP_AFTER));
        Dispatcher dispatcher = new Dispatcher(sinks, new Ledger(Ledger.IN_MEMORY), config.get(AlertSettings.COOLDOWN),
                null, retry, deadLetters::add, new AlertMetrics(registry), Clock.systemUTC());
        return new DirectAlerts(dispatcher, deadLetters);
    }

    /** Delivers one incident message, waiting out retries. */
    public void accept(SpikeRecord spike) {
        try {
            dispatcher.handle(spike, new Position(0, sequence++), Instant.now(), Waiter.SLEEP);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryAborted("interrupted");
        }
    }

    /** The sinks' names. */
    public List<String> sinks() {
        return dispatcher.sinks().stream().map(RoutedSink::name).toList();
    }

    /** What could not be delivered, with the reasons. */
    public List<AlertDeadLetter> deadLetters() {
        return List.copyOf(deadLetters);
    }
}
