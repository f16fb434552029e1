package io.denywatch.cli.command;

import io.denywatch.common.config.Setting;
import io.denywatch.common.http.ApiToken;

import java.util.List;

/** The HTTP port every long-running command serves metrics, health and queries on, and what guards the queries. */
public final class HttpSettings {

    public static final Setting<Integer> PORT = Setting.integer("http.port", 8080, 0, 65535,
            "Port for /metrics, /health/live, /health/ready and the query API (0 picks a free port).");
    public static final Setting<String> HOST = Setting.string("http.host", "0.0.0.0",
            "Address the HTTP port listens on.");

    public static final Setting<String> API_TOKEN_FILE = ApiToken.FILE;

    /** What every long-running role reads. */
    public static final List<Setting<?>> ALL = List.of(PORT, HOST);
    /**
     * What only the roles serving the query API read (analyze, run, demo): ingest and alerts never open the token
     * file, so it need be mounted only where it is used.
     */
    public static final List<Setting<?>> QUERY_API = List.of(API_TOKEN_FILE);

    private HttpSettings() {
    }
}
