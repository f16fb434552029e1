package io.denywatch.common.config;

import java.util.List;

/** Configuration that cannot start the service; the message names every bad setting and where it came from. */
public final class ConfigException extends RuntimeException {

    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(problems.size() == 1
                ? "Invalid configuration: " + problems.get(0)
                : "Invalid configuration:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public ConfigException(String problem) {
        this(List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }
}
