package io.denywatch.cli.command;

import io.denywatch.common.config.Config;
import io.denywatch.common.http.Health;
import io.denywatch.common.http.HttpEndpoint;
import io.denywatch.common.metrics.Metrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CountDownLatch;

/**
 * Runs a long-lived role: serves metrics and health on the HTTP port, starts the role, and on SIGTERM stops it
 * cleanly through a shutdown hook before the process exits.
 */
final class RoleRunner {

    private static final Logger LOG = LoggerFactory.getLogger(RoleRunner.class);

    private RoleRunner() {
    }

    /** What a role needs to start: the registry and health to report into, and the endpoint to add routes to. */
    @FunctionalInterface
    interface Starter {
        AutoCloseable start(PrometheusMeterRegistry registry, Health health, HttpEndpoint http) throws Exception;
    }

    /** Starts the role and blocks until the process is told to stop. */
    static int run(Config config, String role, Starter starter) throws Exception {
        PrometheusMeterRegistry registry = Metrics.newRegistry();
        Health health = new Health();
        CountDownLatch stopped = new CountDownLatch(1);
        try (HttpEndpoint http = HttpEndpoint.start(config.get(HttpSettings.HOST), config.get(HttpSettings.PORT),
                registry, health)) {
            AutoCloseable running = starter.start(registry, health, http);
            LOG.info("{} running; metrics and health on {}", role, http.listeningOn());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                LOG.info("Stopping: {} finishes or releases its work, then closes", role);
                try {
                    running.close();
                } catch (Exception e) {
                    LOG.warn("{} did not stop cleanly", role, e);
                }
                stopped.countDown();
            }, "denywatch-shutdown"));
            stopped.await();
        }
        return 0;
    }
}
