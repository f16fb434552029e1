package io.denywatch.resolve;

import java.time.Duration;
import java.util.List;

import io.denywatch.common.config.Config;
import io.denywatch.common.config.Setting;

/**
 * The settings of lookups in AWS, declared once: off unless asked for, read-only, and bounded. The service's alerts
 * role reads them; {@code explain --resolve} and {@code scan --resolve} take the same ones.
 */
public final class ResolveSettings {

    public static final Setting<Boolean> ENABLED = Setting.bool("resolve.enabled", false,
            "Look up, in IAM, Organizations and STS, the policy statements behind each incident (read-only; needs "
                    + "credentials, see docs/resolve.md).");
    public static final Setting<String> REGION = Setting.string("resolve.region", "us-east-1",
            "Region of the STS, IAM and Organizations clients used for lookups.");
    public static final Setting<String> READER_ROLE_NAME = Setting.string("resolve.reader-role-name", null,
            "Name of the read-only role assumed in each other account for its lookups; the caller's own "
                    + "credentials only when unset.");
    public static final Setting<String> ORGANIZATION_ACCOUNT = Setting.string("resolve.organization-account", null,
            "Management or delegated-administrator account whose reader role reads service and resource control "
                    + "policies; the caller's own credentials when unset.");
    public static final Setting<Duration> TIMEOUT = Setting.duration("resolve.timeout", Duration.ofSeconds(10),
            Duration.ofMillis(100), Duration.ofMinutes(5), "Timeout of each AWS call a lookup makes.");
    public static final Setting<Duration> CACHE_TTL = Setting.duration("resolve.cache-ttl", Duration.ofHours(1),
            Duration.ZERO, Duration.ofDays(1), "How long an answer is reused for the same principal, action, "
                    + "resource and reason.");
    public static final Setting<Double> LOOKUPS_PER_SECOND = Setting.decimal("resolve.lookups-per-second", 2, 0.01,
            100, "Lookups started per second at most (each makes a few AWS calls).");
    public static final Setting<Integer> HOURLY_BUDGET = Setting.integer("resolve.hourly-budget", 1000, 0, 1_000_000,
            "Lookups per clock hour at most; beyond it incidents are sent without one.");

    public static final List<Setting<?>> ALL = List.of(ENABLED, REGION, READER_ROLE_NAME, ORGANIZATION_ACCOUNT,
            TIMEOUT, CACHE_TTL, LOOKUPS_PER_SECOND, HOURLY_BUDGET);

    private ResolveSettings() {
    }

    /** The service limits these settings give. */
    public static ResolveService.Limits limits(Config config) {
        return new ResolveService.Limits(config.get(CACHE_TTL), config.get(LOOKUPS_PER_SECOND),
                config.get(HOURLY_BUDGET), ResolveService.Limits.DEFAULT.maxEntries());
    }
}
