package io.denywatch.cli.command;

import io.denywatch.common.config.Setting;

import java.util.List;

/** The HTTP port every long-running command serves metrics, health and queries on. */
public final class HttpSettings {

    public static final Setting<Integer> PORT = Setting.integer("http.port", 8080, 0, 65535,
            "Port for /metrics, /health/live, /health/ready and the query API (0 picks a free port).");
    public static final Setting<String> HOST = Setting.string("http.host", "0.0.0.0",
            "Address the HTTP port listens on.");

    public static final List<Setting<?>> ALL = List.of(PORT, HOST);

    private HttpSettings() {
    }
}
