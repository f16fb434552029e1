package io.denywatch.alerts.sink;

import io.denywatch.alerts.config.AlertSettings;
import io.denywatch.alerts.config.SinkSettings;
import io.denywatch.alerts.deliver.Pacer;
import io.denywatch.alerts.deliver.RoutedSink;
import io.denywatch.alerts.render.AlertLinks;
import io.denywatch.alerts.sign.WebhookSecret;
import io.denywatch.alerts.sign.WebhookSigner;
import io.denywatch.common.config.Config;
import io.denywatch.common.config.ConfigException;

import java.io.PrintWriter;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** The sinks configuration turns on, each with its route and pace. A sink is on when its address is set. */
public final class Sinks {

    private Sinks() {
    }

    /**
     * @param console where the console sink prints
     * @throws ConfigException when a sink is half configured (a bot token without a channel, a secret without a URL)
     */
    public static List<RoutedSink> fromConfig(Config config, PrintWriter console, Clock clock) {
        List<String> problems = new ArrayList<>();
        if (config.isSet(AlertSettings.SLACK_BOT_TOKEN) != config.isSet(AlertSettings.SLACK_CHANNEL)) {
            problems.add(AlertSettings.SLACK_BOT_TOKEN.key() + " and " + AlertSettings.SLACK_CHANNEL.key()
                    + ": the slack-bot sink needs both");
        }
        if (config.isSet(AlertSettings.WEBHOOK_SECRET) && !config.isSet(AlertSettings.WEBHOOK_URL)) {
            problems.add(AlertSettings.WEBHOOK_SECRET.key() + ": set, but " + AlertSettings.WEBHOOK_URL.key()
                    + " is not");
        }
        WebhookSecret secret = null;
        if (config.isSet(AlertSettings.WEBHOOK_SECRET)) {
            try {
                secret = WebhookSecret.of(config.get(AlertSettings.WEBHOOK_SECRET));
            } catch (IllegalArgumentException e) {
                problems.add(AlertSettings.WEBHOOK_SECRET.key() + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        AlertLinks links = AlertSettings.links(config);
        HttpPoster http = new HttpPoster(config.get(AlertSettings.HTTP_TIMEOUT), clock);
        List<RoutedSink> sinks = new ArrayList<>();
        if (config.isSet(AlertSettings.SLACK_WEBHOOK_URL)) {
            add(sinks, config, SinkSettings.SLACK, new SlackWebhookSink(
                    URI.create(config.get(AlertSettings.SLACK_WEBHOOK_URL)), links, http));
        }
        if (config.isSet(AlertSettings.SLACK_BOT_TOKEN)) {
            add(sinks, config, SinkSettings.SLACK_BOT, new SlackBotSink(URI.create(config.get(AlertSettings.SLACK_API_URL)),
                    config.get(AlertSettings.SLACK_BOT_TOKEN), config.get(AlertSettings.SLACK_CHANNEL), links, http));
        }
        if (config.isSet(AlertSettings.WEBHOOK_URL)) {
            add(sinks, config, SinkSettings.WEBHOOK, new WebhookSink(URI.create(config.get(AlertSettings.WEBHOOK_URL)),
                    secret == null ? null : new WebhookSigner(secret, clock), http));
        }
        if (config.isSet(AlertSettings.PAGERDUTY_ROUTING_KEY)) {
            add(sinks, config, SinkSettings.PAGERDUTY, new PagerDutySink(
                    URI.create(config.get(AlertSettings.PAGERDUTY_URL)),
                    config.get(AlertSettings.PAGERDUTY_ROUTING_KEY), links, http));
        }
        if (config.get(AlertSettings.CONSOLE)) {
            add(sinks, config, SinkSettings.CONSOLE, new ConsoleSink(console, links));
        }
        return List.copyOf(sinks);
    }

    /** The names of the settings that turn a sink on, for the message when none is. */
    public static String howToConfigure() {
        return AlertSettings.SLACK_WEBHOOK_URL.key() + " (" + AlertSettings.SLACK_WEBHOOK_URL.envName() + "), "
                + AlertSettings.SLACK_BOT_TOKEN.key() + " with " + AlertSettings.SLACK_CHANNEL.key() + ", "
                + AlertSettings.WEBHOOK_URL.key() + " (" + AlertSettings.WEBHOOK_URL.envName() + "), "
                + AlertSettings.PAGERDUTY_ROUTING_KEY.key() + " or " + AlertSettings.CONSOLE.key() + "=true";
    }

    private static void add(List<RoutedSink> sinks, Config config, SinkSettings settings, Sink sink) {
        sinks.add(new RoutedSink(sink, settings.route(config), Pacer.perMinute(settings.sink(),
                config.get(settings.perMinute()))));
    }
}
