package io.denywatch.alerts.config;

import io.denywatch.alerts.route.Route;
import io.denywatch.contract.incident.SpikeRecord;
import io.denywatch.common.config.Config;
import io.denywatch.common.config.Setting;

import java.util.List;
import java.util.Locale;

/**
 * The routing and pacing settings every sink has, under {@code alerts.<sink>.}: which incidents it is given (by
 * severity, account and dimension) and how many messages a minute it may be sent.
 *
 * @param sink            the sink's name, as used in metrics and the dead-letter topic
 * @param defaultPerMinute the sink's own documented pace, or 0 for unlimited
 */
public record SinkSettings(String sink, int defaultPerMinute) {

    public static final SinkSettings SLACK = new SinkSettings("slack", 60);
    public static final SinkSettings SLACK_BOT = new SinkSettings("slack-bot", 50);
    public static final SinkSettings WEBHOOK = new SinkSettings("webhook", 600);
    public static final SinkSettings PAGERDUTY = new SinkSettings("pagerduty", 120);
    public static final SinkSettings CONSOLE = new SinkSettings("console", 0);

    public static final List<SinkSettings> ALL = List.of(SLACK, SLACK_BOT, WEBHOOK, PAGERDUTY, CONSOLE);

    public Setting<String> minSeverity() {
        return Setting.string("alerts." + sink + ".min-severity", "MEDIUM",
                "Lowest severity the " + sink + " sink is given (MEDIUM, HIGH, CRITICAL); once given an incident, it"
                        + " also gets its updates and resolution.").validatedBy(SinkSettings::severityProblem);
    }

    public Setting<String> accounts() {
        return Setting.string("alerts." + sink + ".accounts", "",
                "Comma-separated account IDs whose incidents go to the " + sink + " sink; empty: all.")
                .validatedBy(SinkSettings::accountsProblem);
    }

    public Setting<String> dimensions() {
        return Setting.string("alerts." + sink + ".dimensions", "",
                "Comma-separated dimensions (principal, principal-action-resource, account) whose incidents go to the "
                        + sink + " sink; empty: all.");
    }

    public Setting<Integer> perMinute() {
        return Setting.integer("alerts." + sink + ".per-minute", defaultPerMinute, 0, 100_000,
                "Most messages a minute sent to the " + sink + " sink (0: unlimited); more wait their turn.");
    }

    public List<Setting<?>> settings() {
        return List.of(minSeverity(), accounts(), dimensions(), perMinute());
    }

    /** The sink's route from configuration. */
    public Route route(Config config) {
        return new Route(SpikeRecord.Severity.valueOf(config.get(minSeverity()).trim().toUpperCase(Locale.ROOT)),
                Route.list(config.get(accounts())), Route.list(config.get(dimensions())));
    }

    private static String severityProblem(String value) {
        try {
            SpikeRecord.Severity.valueOf(value.trim().toUpperCase(Locale.ROOT));
            return null;
        } catch (IllegalArgumentException e) {
            return "must be one of MEDIUM, HIGH, CRITICAL";
        }
    }

    private static String accountsProblem(String value) {
        for (String account : Route.list(value)) {
            if (!account.matches("\\d{12}")) {
                return "must be 12-digit account IDs separated by commas";
            }
        }
        return null;
    }
}
