package io.denywatch.cli.command;

import io.denywatch.common.config.Config;
import io.denywatch.common.config.Setting;
import io.denywatch.common.event.Topics;
import io.denywatch.common.http.Health;
import io.denywatch.common.http.HttpEndpoint;
import io.denywatch.common.metrics.Metrics;
import io.denywatch.ingest.Ingestor;
import io.denywatch.ingest.config.IngestSettings;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code denywatch ingest}: the ingest role alone, until SIGTERM. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Read CloudTrail log files named by SQS notifications into the raw Kafka topic.")
public final class IngestCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(IngestCommand.class);

    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() throws InterruptedException {
        Config config = options.load();
        List<Setting<?>> known = new ArrayList<>(IngestSettings.ALL);
        known.addAll(Topics.ALL);
        known.addAll(HttpSettings.ALL);
        config.rejectUnknown(SettingsCatalog.all());
        config.validate(known);
        PrometheusMeterRegistry registry = Metrics.newRegistry();
        Health health = new Health();
        CountDownLatch stopped = new CountDownLatch(1);
        try (HttpEndpoint http = HttpEndpoint.start(config.get(HttpSettings.HOST), config.get(HttpSettings.PORT),
                registry, health)) {
            Ingestor ingestor = Ingestor.start(config, registry, health);
            LOG.info("Metrics and health on port {}", http.port());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                LOG.info("Stopping: releasing messages in work and flushing");
                ingestor.close();
                stopped.countDown();
            }, "denywatch-shutdown"));
            stopped.await();
        }
        return 0;
    }
}
