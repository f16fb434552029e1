package io.denywatch.cli.command;

import io.denywatch.contract.Topics;
import io.denywatch.common.kafka.TopicCreation;
import io.denywatch.alerts.config.AlertSettings;
import io.denywatch.resolve.ResolveSettings;
import io.denywatch.analyzer.streams.AnalyzerSettings;
import io.denywatch.common.config.Config;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code denywatch alerts}: the alerts role alone, until SIGTERM. */
@Command(name = "alerts", mixinStandardHelpOptions = true,
        description = {"Deliver each incident from the spike topic once to the configured sinks (Slack, Slack bot,",
                "webhook, PagerDuty, console), with updates and the resolution."})
public final class AlertsCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Config config = options.load();
        config.rejectUnknown(SettingsCatalog.all());
        config.validate(AlertSettings.ALL);
        config.validate(Topics.SETTINGS);
        config.validate(TopicCreation.ALL);
        config.validate(HttpSettings.ALL);
        config.validate(ResolveSettings.ALL);
        return RoleRunner.run(config, "alerts", (registry, health, http) ->
                AlertsRole.start(config, registry, health, spec.commandLine().getOut()));
    }
}
