package io.denywatch.alerts.config;

import io.denywatch.alerts.digest.DigestSchedule;
import io.denywatch.alerts.incident.AthenaQuery;
import io.denywatch.alerts.render.AlertLinks;
import io.denywatch.common.config.Config;
import io.denywatch.common.config.Setting;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Every setting of the alerts role, declared once: where alerts go, how they are delivered, and what the messages
 * link to. Addresses that carry a credential (Slack webhook URLs, webhook URLs with tokens), tokens and secrets are
 * masked wherever settings are shown.
 */
public final class AlertSettings {

    // What the messages point to.
    public static final Setting<String> ATHENA_TABLE = Setting.string("alerts.athena-table",
            AlertLinks.DEFAULT_ATHENA_TABLE,
            "Athena table over the CloudTrail logs ([catalog.][database.]table) used in the query each alert carries.")
            .validatedBy(AlertSettings::tableProblem);
    public static final Setting<String> RUNBOOK_URL = Setting.string("alerts.runbook-url", null,
            "http(s) address of the runbook linked from every Slack alert; none when unset.")
            .validatedBy(AlertSettings::runbookProblem);

    // Sinks: each is on when its address (or switch) is set.
    public static final Setting<String> SLACK_WEBHOOK_URL = Setting.string("alerts.slack.webhook-url", null,
            "Slack incoming-webhook URL; incidents are posted there (open, severity rises, resolved).")
            .secret().validatedBy(AlertSettings::httpUrlProblem);
    public static final Setting<String> SLACK_BOT_TOKEN = Setting.string("alerts.slack.bot-token", null,
            "Slack bot token (chat:write) for the slack-bot sink: one message per incident, edited in place,"
                    + " updates in its thread.").secret();
    public static final Setting<String> SLACK_CHANNEL = Setting.string("alerts.slack.channel", null,
            "Channel ID (C…) the slack-bot sink posts to; required with alerts.slack.bot-token.");
    public static final Setting<String> SLACK_API_URL = Setting.string("alerts.slack.api-url",
            "https://slack.com/api", "Base address of Slack's Web API used by the slack-bot sink.")
            .validatedBy(AlertSettings::httpUrlProblem);
    public static final Setting<String> WEBHOOK_URL = Setting.string("alerts.webhook.url", null,
            "Generic webhook: every incident message is POSTed there as the spike record's JSON.")
            .secret().validatedBy(AlertSettings::httpUrlProblem);
    public static final Setting<String> WEBHOOK_SECRET = Setting.string("alerts.webhook.secret", null,
            "Shared secret (at least 16 bytes) signing webhook bodies with HMAC-SHA256; unsigned when unset.")
            .secret();
    public static final Setting<String> PAGERDUTY_ROUTING_KEY = Setting.string("alerts.pagerduty.routing-key", null,
            "Integration (routing) key of the PagerDuty Events API v2 service that receives incidents.").secret();
    public static final Setting<String> PAGERDUTY_URL = Setting.string("alerts.pagerduty.url",
            "https://events.pagerduty.com/v2/enqueue", "PagerDuty Events API v2 address.")
            .validatedBy(AlertSettings::httpUrlProblem);
    public static final Setting<Boolean> CONSOLE = Setting.bool("alerts.console", false,
            "Print every incident message to standard output as plain text.");

    // Delivery.
    public static final Setting<String> GROUP_ID = Setting.string("alerts.group-id", "denywatch-alerts",
            "Kafka consumer group of the alerts role; instances in one group share the spike topic's partitions.");
    public static final Setting<String> DLQ_TOPIC = Setting.string("topics.alerts-dlq", "cloudtrail.alerts-dlq",
            "Alerts a sink refused for good, or that could not be delivered in time, with the reason.");
    public static final Setting<String> LEDGER_TOPIC = Setting.string("topics.alerts-ledger",
            "cloudtrail.alerts-ledger",
            "Compacted topic recording what each sink was sent per incident, so a restart does not send it again.");
    public static final Setting<Duration> COOLDOWN = Setting.duration("alerts.cooldown", Duration.ofMinutes(30),
            Duration.ZERO, Duration.ofDays(7),
            "After an incident on a key is resolved, a new incident on the same key is held back this long"
                    + " (announced only if it is still open then).");
    public static final Setting<Duration> MAX_AGE = Setting.duration("alerts.max-age", Duration.ofHours(1),
            Duration.ofMinutes(1), Duration.ofDays(3650),
            "Incident messages older than this when read are recorded but not announced: a first start on an old"
                    + " spike topic does not page for last week.");
    public static final Setting<Duration> LEDGER_RETENTION = Setting.duration("alerts.ledger-retention",
            Duration.ofDays(7), Duration.ofHours(1), Duration.ofDays(365),
            "How long a resolved incident's delivery record is kept before it is removed from the ledger.");
    public static final Setting<Duration> RETRY_INITIAL = Setting.duration("alerts.retry.initial-backoff",
            Duration.ofSeconds(1), Duration.ofMillis(1), Duration.ofMinutes(10),
            "First wait before retrying a failed delivery; doubles per attempt, with jitter.");
    public static final Setting<Duration> RETRY_MAX = Setting.duration("alerts.retry.max-backoff",
            Duration.ofMinutes(5), Duration.ofMillis(1), Duration.ofHours(1),
            "Longest wait between two delivery attempts (a longer Retry-After is still honoured).");
    public static final Setting<Duration> GIVE_UP_AFTER = Setting.duration("alerts.retry.give-up-after",
            Duration.ofHours(1), Duration.ofMillis(1), Duration.ofDays(7),
            "After retrying this long, the alert goes to the alerts dead-letter topic instead.");
    public static final Setting<Duration> HTTP_TIMEOUT = Setting.duration("alerts.http.timeout",
            Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofMinutes(5),
            "Connect and response timeout of each request to a sink.");

    // The statements behind an incident.
    public static final Setting<Duration> RESOLVE_WAIT = Setting.duration("alerts.resolve.wait",
            Duration.ofSeconds(5), Duration.ZERO, Duration.ofMinutes(1),
            "When lookups of the statements behind an incident are on, how long a new incident's announcement waits"
                    + " for the answer; a later answer is sent as a follow-up in each sink. 0 never waits.");

    // The periodic digest.
    public static final Setting<Boolean> DIGEST_ENABLED = Setting.bool("alerts.digest.enabled", true,
            "Send the periodic denial digest to every sink that takes one (Slack, Slack bot, webhook, console;"
                    + " not PagerDuty).");
    public static final Setting<Duration> DIGEST_PERIOD = Setting.duration("alerts.digest.period", Duration.ofDays(7),
            Duration.ofHours(1), Duration.ofDays(31),
            "Length of the period one digest covers; a digest is sent when each period ends.");
    public static final Setting<String> DIGEST_ANCHOR = Setting.string("alerts.digest.anchor",
            "2024-01-01T09:00:00Z",
            "Any instant at which a period ends (ISO-8601, UTC); the default, a Monday 09:00 UTC, sends a weekly"
                    + " digest every Monday at 09:00 UTC.").validatedBy(AlertSettings::instantProblem);
    public static final Setting<Integer> DIGEST_TOP = Setting.integer("alerts.digest.top", 10, 1, 25,
            "Entries in each list of the digest (principals, actions, new pairs, incidents).");
    public static final Setting<Integer> DIGEST_MAX_KEYS = Setting.integer("alerts.digest.max-keys", 100_000, 100,
            10_000_000, "Most distinct principals, actions and principal-action pairs a digest counts per period;"
                    + " more are counted as (other), which bounds its memory.");
    public static final Setting<String> DIGEST_TOPIC = Setting.string("topics.alerts-digests",
            "cloudtrail.alerts-digests",
            "Compacted topic recording which sinks were sent each period's digest, so it is sent once per sink.");

    public static final List<Setting<?>> ALL;

    static {
        List<Setting<?>> all = new ArrayList<>(List.of(ATHENA_TABLE, RUNBOOK_URL, SLACK_WEBHOOK_URL, SLACK_BOT_TOKEN,
                SLACK_CHANNEL, SLACK_API_URL, WEBHOOK_URL, WEBHOOK_SECRET, PAGERDUTY_ROUTING_KEY, PAGERDUTY_URL, CONSOLE,
                GROUP_ID, DLQ_TOPIC, LEDGER_TOPIC, COOLDOWN, MAX_AGE, LEDGER_RETENTION, RETRY_INITIAL, RETRY_MAX,
                GIVE_UP_AFTER, HTTP_TIMEOUT, RESOLVE_WAIT, DIGEST_ENABLED, DIGEST_PERIOD, DIGEST_ANCHOR, DIGEST_TOP, DIGEST_MAX_KEYS,
                DIGEST_TOPIC));
        for (SinkSettings sink : SinkSettings.ALL) {
            all.addAll(sink.settings());
        }
        ALL = List.copyOf(all);
    }

    private AlertSettings() {
    }

    /** The links every alert carries, from configuration. */
    public static AlertLinks links(Config config) {
        return new AlertLinks(config.get(ATHENA_TABLE), config.get(RUNBOOK_URL));
    }

    private static String runbookProblem(String url) {
        try {
            new AlertLinks(AlertLinks.DEFAULT_ATHENA_TABLE, url);
            return null;
        } catch (IllegalArgumentException e) {
            return "must be an absolute http(s) URL without spaces, |, <, > or &";
        }
    }

    // The message never repeats the value: it may hold a token.
    static String httpUrlProblem(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            if (("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme)) && uri.getHost() != null) {
                return null;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        return "must be an absolute http(s) URL";
    }

    /** The digest schedule from configuration. */
    public static DigestSchedule digestSchedule(Config config) {
        return new DigestSchedule(Instant.parse(config.get(DIGEST_ANCHOR)),
                config.get(DIGEST_PERIOD));
    }

    private static String instantProblem(String value) {
        try {
            Instant.parse(value);
            return null;
        } catch (DateTimeParseException e) {
            return "must be an ISO-8601 instant such as 2024-01-01T09:00:00Z";
        }
    }

    private static String tableProblem(String table) {
        try {
            AthenaQuery.requireTableName(table);
            return null;
        } catch (IllegalArgumentException e) {
            return "must be [catalog.][database.]table of letters, digits and underscores";
        }
    }
}
