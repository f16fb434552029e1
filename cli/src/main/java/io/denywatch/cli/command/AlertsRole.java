package io.denywatch.cli.command;

import java.io.PrintWriter;
import java.time.Clock;

import io.denywatch.alerts.resolve.IncidentLookup;
import io.denywatch.alerts.service.AlertService;
import io.denywatch.common.config.Config;
import io.denywatch.common.http.Health;
import io.denywatch.resolve.PolicyLookups;
import io.denywatch.resolve.ResolveSettings;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The alerts role as the service runs it: with {@code resolve.enabled}, each new incident is looked up in AWS and its
 * statements travel with the alert or follow it. The lookups live as long as the role.
 */
final class AlertsRole implements AutoCloseable {

    private final AlertService alerts;
    private final PolicyLookups lookups;

    private AlertsRole(AlertService alerts, PolicyLookups lookups) {
        this.alerts = alerts;
        this.lookups = lookups;
    }

    static AlertsRole start(Config config, MeterRegistry registry, Health health, PrintWriter console) {
        PolicyLookups lookups = config.get(ResolveSettings.ENABLED) ? PolicyLookups.start(config, registry) : null;
        try {
            IncidentLookup lookup = lookups == null ? IncidentLookup.NONE
                    : incident -> lookups.service().resolve(incident);
            return new AlertsRole(AlertService.start(config, registry, health, console, Clock.systemUTC(), lookup),
                    lookups);
        } catch (RuntimeException e) {
            if (lookups != null) {
                lookups.close();
            }
            throw e;
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            alerts.close();
        } finally {
            if (lookups != null) {
                lookups.close();
            }
        }
    }
}
