package io.denywatch.resolve;

import java.time.Clock;

import io.denywatch.common.config.Config;
import io.denywatch.resolve.aws.AwsPolicySource;
import io.denywatch.resolve.aws.LookupSettings;
import io.denywatch.resolve.policy.PolicyMatcher;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A running lookup service from the settings: AWS clients (credentials from the SDK's default chain, endpoints from
 * its standard variables), the matcher, and the service's limits. Closing it closes the clients.
 */
public final class PolicyLookups implements AutoCloseable {

    private final AwsPolicySource source;
    private final ResolveService service;

    private PolicyLookups(AwsPolicySource source, ResolveService service) {
        this.source = source;
        this.service = service;
    }

    /** Starts lookups as the settings say; the caller decides whether they are enabled. */
    public static PolicyLookups start(Config config, MeterRegistry registry) {
        AwsPolicySource source = AwsPolicySource.create(new LookupSettings(config.get(ResolveSettings.REGION),
                config.get(ResolveSettings.READER_ROLE_NAME), config.get(ResolveSettings.ORGANIZATION_ACCOUNT),
                config.get(ResolveSettings.TIMEOUT)));
        ResolveService service = new ResolveService(new StatementResolver(source, new PolicyMatcher())::resolve,
                ResolveSettings.limits(config), registry, Clock.systemUTC());
        return new PolicyLookups(source, service);
    }

    /** The service that answers lookups. */
    public ResolveService service() {
        return service;
    }

    @Override
    public void close() {
        service.close();
        source.close();
    }
}
