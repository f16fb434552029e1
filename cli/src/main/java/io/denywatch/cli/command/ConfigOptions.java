package io.denywatch.cli.command;

import io.denywatch.common.config.Config;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The options every command shares to find its configuration. */
public final class ConfigOptions {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Properties file with settings (environment variables DENYWATCH_* and KAFKA_* override it).")
    Path file;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Set one setting, over the file and the environment (repeatable), e.g. --set ingest.workers=8.")
    Map<String, String> overrides = new LinkedHashMap<>();

    /** The configuration from the file, the process environment and the {@code --set} options. */
    public Config load() {
        return Config.load(file, System.getenv(), overrides);
    }

    /** The same, with more overrides below the {@code --set} ones (defaults a command fills in). */
    public Config load(Map<String, String> commandDefaults) {
        Map<String, String> merged = new LinkedHashMap<>(commandDefaults);
        merged.putAll(overrides);
        return Config.load(file, System.getenv(), merged);
    }
}
