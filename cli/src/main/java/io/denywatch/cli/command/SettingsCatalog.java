package io.denywatch.cli.command;

import io.denywatch.contract.Topics;
import io.denywatch.common.kafka.TopicCreation;
import io.denywatch.alerts.config.AlertSettings;
import io.denywatch.resolve.ResolveSettings;
import io.denywatch.analyzer.classify.ClassifierSettings;
import io.denywatch.analyzer.streams.AnalyzerSettings;
import io.denywatch.common.config.Setting;
import io.denywatch.ingest.config.IngestSettings;

import java.util.ArrayList;
import java.util.List;

/**
 * Every setting of every role, so one configuration file can serve all of them and a typo in it is caught whichever
 * role reads it. The README's configuration table is checked against this list.
 */
public final class SettingsCatalog {

    private SettingsCatalog() {
    }

    public static List<Setting<?>> all() {
        List<Setting<?>> all = new ArrayList<>();
        all.addAll(HttpSettings.ALL);
        all.addAll(HttpSettings.QUERY_API);
        all.addAll(Topics.SETTINGS);
        all.addAll(TopicCreation.ALL);
        all.addAll(IngestSettings.ALL);
        all.addAll(AnalyzerSettings.ALL);
        all.addAll(ClassifierSettings.ALL);
        all.addAll(AlertSettings.ALL);
        all.addAll(ResolveSettings.ALL);
        return all;
    }
}
