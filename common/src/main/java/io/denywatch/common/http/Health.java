package io.denywatch.common.http;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * Readiness of the process as the sum of named checks registered by each running role.
 *
 * <p>Liveness is separate and simpler: the process answers HTTP. Readiness says whether every role can do its work
 * now (for example the ingestor's last SQS poll succeeded), so an orchestrator stops routing to, or restarts, a
 * process that cannot.
 */
public final class Health {

    private final Map<String, BooleanSupplier> checks = new ConcurrentHashMap<>();

    /** Adds or replaces a named readiness check. */
    public void register(String name, BooleanSupplier check) {
        checks.put(name, check);
    }

    public void unregister(String name) {
        checks.remove(name);
    }

    /** Each check's current answer; a check that throws counts as not ready. */
    public Map<String, Boolean> readiness() {
        Map<String, Boolean> out = new TreeMap<>();
        checks.forEach((name, check) -> {
            boolean ok;
            try {
                ok = check.getAsBoolean();
            } catch (RuntimeException e) {
                ok = false;
            }
            out.put(name, ok);
        });
        return out;
    }

    public boolean isReady() {
        return !checks.isEmpty() && readiness().values().stream().allMatch(Boolean::booleanValue);
    }
}
