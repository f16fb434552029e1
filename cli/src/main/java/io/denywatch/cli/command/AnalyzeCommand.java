package io.denywatch.cli.command;

import io.denywatch.contract.Topics;
import io.denywatch.common.kafka.TopicCreation;
import io.denywatch.analyzer.classify.ClassifierSettings;
import io.denywatch.analyzer.query.QueryApi;
import io.denywatch.analyzer.streams.Analyzer;
import io.denywatch.analyzer.streams.AnalyzerSettings;
import io.denywatch.common.config.Config;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code denywatch analyze}: the analyzer role alone, until SIGTERM. */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = "Judge every denial in the raw topic once, explain it, count it and detect spikes.")
public final class AnalyzeCommand implements Callable<Integer> {


    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() throws Exception {
        Config config = options.load();
        config.rejectUnknown(SettingsCatalog.all());
        config.validate(AnalyzerSettings.ALL);
        config.validate(Topics.SETTINGS);
        config.validate(ClassifierSettings.ALL);
        config.validate(TopicCreation.ALL);
        config.validate(HttpSettings.ALL);
        config.validate(HttpSettings.QUERY_API);
        return RoleRunner.run(config, "analyzer", (registry, health, http) -> {
            Analyzer analyzer = Analyzer.start(config, registry, health);
            QueryApi.register(http, analyzer.streams(), config);
            return analyzer;
        });
    }
}
