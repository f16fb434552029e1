package io.denywatch.alerts.config;

import io.denywatch.alerts.incident.AthenaQuery;
import io.denywatch.alerts.render.AlertLinks;
import io.denywatch.common.config.Config;
import io.denywatch.common.config.Setting;

import java.util.List;

/** Every setting of the alert messages, declared once. The webhook secret and routing key are masked when shown. */
public final class AlertSettings {

    public static final Setting<String> ATHENA_TABLE = Setting.string("alerts.athena-table",
            AlertLinks.DEFAULT_ATHENA_TABLE,
            "Athena table over the CloudTrail logs ([catalog.][database.]table) used in the query each alert carries.")
            .validatedBy(AlertSettings::tableProblem);
    public static final Setting<String> RUNBOOK_URL = Setting.string("alerts.runbook-url", null,
            "http(s) address of the runbook linked from every Slack alert; none when unset.")
            .validatedBy(AlertSettings::urlProblem);
    public static final Setting<String> WEBHOOK_SECRET = Setting.string("alerts.webhook.secret", null,
            "Shared secret (at least 16 bytes) signing webhook bodies with HMAC-SHA256; unsigned when unset.")
            .secret();
    public static final Setting<String> PAGERDUTY_ROUTING_KEY = Setting.string("alerts.pagerduty.routing-key", null,
            "Integration (routing) key of the PagerDuty Events API v2 service that receives incidents.").secret();

    public static final List<Setting<?>> ALL = List.of(ATHENA_TABLE, RUNBOOK_URL, WEBHOOK_SECRET,
            PAGERDUTY_ROUTING_KEY);

    private AlertSettings() {
    }

    /** The links every alert carries, from configuration. */
    public static AlertLinks links(Config config) {
        return new AlertLinks(config.get(ATHENA_TABLE), config.get(RUNBOOK_URL));
    }

    private static String urlProblem(String url) {
        try {
            new AlertLinks(AlertLinks.DEFAULT_ATHENA_TABLE, url);
            return null;
        } catch (IllegalArgumentException e) {
            return "must be an absolute http(s) URL without spaces, |, <, > or &";
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
