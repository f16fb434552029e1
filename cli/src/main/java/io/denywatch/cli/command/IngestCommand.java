package io.denywatch.cli.command;

import io.denywatch.contract.Topics;
import io.denywatch.common.kafka.TopicCreation;
import io.denywatch.common.config.Config;
import io.denywatch.common.config.Setting;
import io.denywatch.ingest.Ingestor;
import io.denywatch.ingest.config.IngestSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code denywatch ingest}: the ingest role alone, until SIGTERM. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Read CloudTrail log files named by SQS notifications into the raw Kafka topic.")
public final class IngestCommand implements Callable<Integer> {


    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() throws Exception {
        Config config = options.load();
        List<Setting<?>> known = new ArrayList<>(IngestSettings.ALL);
        known.addAll(Topics.SETTINGS);
        known.addAll(TopicCreation.ALL);
        known.addAll(HttpSettings.ALL);
        config.rejectUnknown(SettingsCatalog.all());
        config.validate(known);
        return RoleRunner.run(config, "ingest", (registry, health, http) -> Ingestor.start(config, registry, health));
    }
}
