package io.denywatch.common.metrics;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * Creates the process's Prometheus registry.
 *
 * <p>All denywatch meters are named {@code denywatch.*} (exported as {@code denywatch_*}). No meter is ever tagged
 * with an unbounded value such as a principal ARN or an object key: those belong in the topics, not in the time
 * series database.
 */
public final class Metrics {

    private Metrics() {
    }

    /** A registry with JVM and process meters bound. */
    public static PrometheusMeterRegistry newRegistry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        // The GC binder registers JMX listeners that must be released; the process keeps it for its lifetime.
        new JvmGcMetrics().bindTo(registry);
        return registry;
    }
}
