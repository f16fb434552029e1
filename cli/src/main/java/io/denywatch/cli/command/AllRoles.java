package io.denywatch.cli.command;

import io.denywatch.analyzer.query.QueryApi;
import io.denywatch.analyzer.streams.Analyzer;
import io.denywatch.common.config.Config;
import io.denywatch.common.http.Health;
import io.denywatch.common.http.HttpEndpoint;
import io.denywatch.ingest.Ingestor;
import io.micrometer.core.instrument.MeterRegistry;

import java.io.PrintWriter;

/**
 * Ingest, analyzer and alerts in one process, as {@code denywatch run} and {@code denywatch demo} start them. They
 * stop in the order the data flows: ingest first (finishing or releasing its messages), so nothing reaches a role
 * that has already stopped.
 */
public final class AllRoles implements AutoCloseable {

    private final Ingestor ingestor;
    private final Analyzer analyzer;
    private final AlertsRole alerts;

    private AllRoles(Ingestor ingestor, Analyzer analyzer, AlertsRole alerts) {
        this.ingestor = ingestor;
        this.analyzer = analyzer;
        this.alerts = alerts;
    }

    /** Checks every setting of the three roles at once, so a bad start names all problems. */
    public static void validate(Config config) {
        config.rejectUnknown(SettingsCatalog.all());
        config.validate(SettingsCatalog.all());
    }

    /** Starts the three roles and the query API; stops what started if one fails. */
    public static AllRoles start(Config config, MeterRegistry registry, Health health, HttpEndpoint http,
                                 PrintWriter console) {
        Analyzer analyzer = Analyzer.start(config, registry, health);
        AlertsRole alerts = null;
        try {
            QueryApi.register(http, analyzer.streams(), config);
            alerts = AlertsRole.start(config, registry, health, console);
            return new AllRoles(Ingestor.start(config, registry, health), analyzer, alerts);
        } catch (RuntimeException e) {
            closeQuietly(alerts);
            analyzer.close();
            throw e;
        }
    }

    @Override
    public void close() throws Exception {
        try {
            ingestor.close();
        } finally {
            try {
                analyzer.close();
            } finally {
                alerts.close();
            }
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // already failing; the first error is the one reported
            }
        }
    }
}
