package io.denywatch.alerts.config;

import io.denywatch.alerts.render.AlertLinks;
import io.denywatch.common.config.Config;
import io.denywatch.common.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AlertSettingsTest {

    @Test
    void linksDefaultToTheUsualTableAndNoRunbook() {
        assertEquals(AlertLinks.defaults(), AlertSettings.links(Config.of(Map.of())));
    }

    @Test
    void theTableAndRunbookAreConfigurable() {
        Config config = Config.of(Map.of("alerts.athena-table", "audit.trail",
                "alerts.runbook-url", "https://wiki.example.com/denials"));

        assertEquals(new AlertLinks("audit.trail", "https://wiki.example.com/denials"), AlertSettings.links(config));
    }

    @Test
    void aTableNameThatCouldInjectSqlStopsTheStart() {
        Config config = Config.of(Map.of("alerts.athena-table", "t; DROP TABLE t"));

        assertThrows(ConfigException.class, () -> AlertSettings.links(config));
    }

    @Test
    void aRunbookUrlThatCouldBreakOutOfTheSlackLinkStopsTheStart() {
        Config config = Config.of(Map.of("alerts.runbook-url", "https://x.example/|<!channel>"));

        assertThrows(ConfigException.class, () -> AlertSettings.links(config));
    }

    @Test
    void theWebhookSecretAndRoutingKeyAreMaskedWhenConfigurationIsShown() {
        Config config = Config.of(Map.of("alerts.webhook.secret", "whsec-very-secret-value-123",
                "alerts.pagerduty.routing-key", "R0123456789abcdef0123456789abcde"));

        String shown = config.describe(AlertSettings.ALL).toString();

        assertFalse(shown.contains("whsec-very-secret-value-123"), shown);
        assertFalse(shown.contains("R0123456789abcdef0123456789abcde"), shown);
    }
}
