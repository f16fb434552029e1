package io.denywatch.cli.command;

import io.denywatch.analyzer.classify.ClassifierSettings;
import io.denywatch.analyzer.query.QueryApi;
import io.denywatch.analyzer.streams.Analyzer;
import io.denywatch.analyzer.streams.AnalyzerSettings;
import io.denywatch.common.config.Config;
import io.denywatch.common.event.Topics;
import io.denywatch.common.http.Health;
import io.denywatch.common.http.HttpEndpoint;
import io.denywatch.common.metrics.Metrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code denywatch analyze}: the analyzer role alone, until SIGTERM. */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = "Judge every denial in the raw topic once, explain it, count it and detect spikes.")
public final class AnalyzeCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(AnalyzeCommand.class);

    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() throws InterruptedException {
        Config config = options.load();
        config.rejectUnknown(SettingsCatalog.all());
        config.validate(AnalyzerSettings.ALL);
        config.validate(ClassifierSettings.ALL);
        config.validate(Topics.ALL);
        config.validate(HttpSettings.ALL);
        PrometheusMeterRegistry registry = Metrics.newRegistry();
        Health health = new Health();
        CountDownLatch stopped = new CountDownLatch(1);
        try (HttpEndpoint http = HttpEndpoint.start(config.get(HttpSettings.HOST), config.get(HttpSettings.PORT),
                registry, health)) {
            Analyzer analyzer = Analyzer.start(config, registry, health);
            QueryApi.register(http, analyzer.streams(), config);
            LOG.info("Metrics, health and queries on port {}", http.port());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                LOG.info("Stopping: committing and closing the stream threads");
                analyzer.close();
                stopped.countDown();
            }, "denywatch-shutdown"));
            stopped.await();
        }
        return 0;
    }
}
