package io.denywatch.resolve;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import io.denywatch.contract.denial.Resolution;
import io.denywatch.contract.denial.Resolution.Method;
import io.denywatch.contract.denial.Resolution.Outcome;
import io.denywatch.contract.incident.SpikeRecord;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Lookups as a service: off the caller's thread, one per incident key at a time, remembered for a while, paced, and
 * within an hourly budget, so that a storm of denials costs a handful of AWS calls. A settled answer (statements
 * named, none matching, nothing to look up, refused) is kept for the cache TTL; a failure or a spent budget for one
 * minute, so the next incident tries again.
 *
 * <p>Metrics: {@code denywatch_resolve_lookups_total{outcome}} per lookup made, {@code
 * denywatch_resolve_cache_hits_total} per answer served from the cache, {@code denywatch_resolve_lookup_seconds}.
 */
public final class ResolveService implements AutoCloseable {

    /** How long an unsettled answer is kept: long enough to spare AWS a retry storm, short enough to recover. */
    static final Duration UNSETTLED_TTL = Duration.ofMinutes(1);

    /**
     * The limits of a lookup service.
     *
     * @param cacheTtl         how long a settled answer is reused
     * @param lookupsPerSecond lookups started per second at most (each makes a few AWS calls)
     * @param hourlyBudget     lookups per clock hour at most; beyond it the answer is {@link Outcome#BUDGET_SPENT}
     * @param maxEntries       answers kept at most
     */
    public record Limits(Duration cacheTtl, double lookupsPerSecond, int hourlyBudget, int maxEntries) {
        public Limits {
            Objects.requireNonNull(cacheTtl, "cacheTtl");
            if (lookupsPerSecond <= 0 || hourlyBudget < 0 || maxEntries <= 0) {
                throw new IllegalArgumentException("lookups per second and the cache size must be positive, the "
                        + "hourly budget not negative");
            }
        }

        /** One incident's lookup at a time, a few a second, a thousand an hour, answers kept for an hour. */
        public static final Limits DEFAULT = new Limits(Duration.ofHours(1), 2, 1000, 10_000);
    }

    private final Function<Call, Resolution> resolver;
    private final Clock clock;
    private final int hourlyBudget;
    private final RateLimiter pace;
    private final ExecutorService worker;
    private final AsyncCache<LookupKey, Resolution> answers;
    private final MeterRegistry registry;
    private final Counter cacheHits;
    private final Timer lookupTime;
    private volatile boolean closed;
    private long budgetHour = Long.MIN_VALUE;
    private int spentThisHour;

    /**
     * @param resolver what answers one lookup, synchronously ({@link StatementResolver#resolve})
     */
    public ResolveService(Function<Call, Resolution> resolver, Limits limits, MeterRegistry registry, Clock clock) {
        this.resolver = resolver;
        this.clock = clock;
        this.hourlyBudget = limits.hourlyBudget();
        this.registry = registry;
        this.pace = RateLimiter.of("denywatch-resolve", RateLimiterConfig.custom()
                .limitRefreshPeriod(Duration.ofMillis(Math.max(1, Math.round(1000 / limits.lookupsPerSecond()))))
                .limitForPeriod(1)
                .timeoutDuration(Duration.ofMinutes(10))
                .build());
        this.worker = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "denywatch-resolve");
            thread.setDaemon(true);
            return thread;
        });
        this.answers = Caffeine.newBuilder()
                .maximumSize(limits.maxEntries())
                .expireAfter(new AnswerExpiry(limits.cacheTtl()))
                .buildAsync();
        this.cacheHits = Counter.builder("denywatch.resolve.cache.hits")
                .description("Lookups answered from the cache").register(registry);
        this.lookupTime = Timer.builder("denywatch.resolve.lookup")
                .description("Time of one lookup in AWS, from the start of its first call").register(registry);
    }

    /**
     * The statements behind a call, looked up on the service's own thread; concurrent asks for the same key share
     * one lookup. The future never completes exceptionally.
     */
    public CompletableFuture<Resolution> resolve(Call call) {
        if (closed) {
            return CompletableFuture.completedFuture(stopped());
        }
        LookupKey key = LookupKey.of(call);
        CompletableFuture<Resolution> cached = answers.getIfPresent(key);
        if (cached != null) {
            cacheHits.increment();
            return cached;
        }
        // Lookups wait on the pace, so they run on the service's own thread, not on the cache's shared pool.
        return answers.get(key, (k, executor) -> CompletableFuture.supplyAsync(() -> lookUp(call), worker));
    }

    /**
     * The statements behind an incident, when it is about one call (see {@link Calls#of(SpikeRecord)}); otherwise an
     * answer saying there is nothing to look up. The future never completes exceptionally.
     */
    public CompletableFuture<Resolution> resolve(SpikeRecord incident) {
        return Calls.of(incident).map(this::resolve).orElseGet(() -> CompletableFuture.completedFuture(
                new Resolution(Outcome.NOT_RESOLVABLE, Method.NONE, "Nothing to look up: the incident is counted "
                        + "over several principals or actions, so it is no one call.", List.of(), List.of())));
    }

    private Resolution lookUp(Call call) {
        if (closed) {
            return stopped();
        }
        if (!spend()) {
            return count(new Resolution(Outcome.BUDGET_SPENT, Method.NONE, "The hourly budget of " + hourlyBudget
                    + " lookups is spent; the next hour's incidents will be looked up.", List.of(), List.of()));
        }
        Resolution resolution;
        Timer.Sample sample = Timer.start(registry);
        try {
            pace.acquirePermission();
            resolution = resolver.apply(call);
        } catch (RuntimeException e) {
            // The resolver reports AWS's answers itself; this is a fault of ours, and still not the caller's problem.
            resolution = new Resolution(Outcome.LOOKUP_FAILED, Method.NONE, "The lookup failed: "
                    + e.getClass().getSimpleName(), List.of(), List.of());
        } finally {
            sample.stop(lookupTime);
        }
        return count(resolution);
    }

    private synchronized boolean spend() {
        long hour = clock.instant().truncatedTo(ChronoUnit.HOURS).getEpochSecond();
        if (hour != budgetHour) {
            budgetHour = hour;
            spentThisHour = 0;
        }
        if (spentThisHour >= hourlyBudget) {
            return false;
        }
        spentThisHour++;
        return true;
    }

    private Resolution count(Resolution resolution) {
        Counter.builder("denywatch.resolve.lookups")
                .description("Lookups of the statements behind a denial, by outcome")
                .tag("outcome", resolution.outcome().name().toLowerCase(java.util.Locale.ROOT))
                .register(registry).increment();
        return resolution;
    }

    /**
     * Stops: lookups not yet started answer at once that the service stopped, one under way gets a few seconds to
     * finish before it is interrupted, and every future completes.
     */
    @Override
    public void close() {
        closed = true;
        worker.shutdown();
        try {
            if (!worker.awaitTermination(5, TimeUnit.SECONDS)) {
                worker.shutdownNow();
                worker.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            worker.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static Resolution stopped() {
        return new Resolution(Outcome.LOOKUP_FAILED, Method.NONE, "The lookup was not made: denywatch is stopping.",
                List.of(), List.of());
    }

    /**
     * What makes two calls the same question: who, what, on which resource, in which account, the reason the record
     * gives, and the context values a policy is likely to test. Values that differ from one denial to the next and
     * that policies rarely test (the time, the user agent, the session's id and issue time) are left out, so that
     * one incident's denials share a lookup.
     */
    record LookupKey(String principalArn, String action, List<String> resources, String resourceAccount,
                     String denyKind, String policyType, String policyArn, String encodedMessage,
                     java.util.Map<String, String> context) {

        private static final java.util.Set<String> PER_DENIAL = java.util.Set.of("aws:CurrentTime", "aws:UserAgent",
                "aws:userid", "aws:TokenIssueTime");

        static LookupKey of(Call call) {
            java.util.Map<String, String> kept = new java.util.TreeMap<>(call.context());
            kept.keySet().removeAll(PER_DENIAL);
            return new LookupKey(call.principalArn(), call.action(), call.resources(), call.resourceAccount(),
                    call.denyKind().name(), call.policyType().name(), call.policyArn(), call.encodedMessage(), kept);
        }
    }

    /** Settled answers live for the TTL; a failure or a spent budget for a minute. */
    private record AnswerExpiry(Duration settled) implements Expiry<LookupKey, Resolution> {
        @Override
        public long expireAfterCreate(LookupKey key, Resolution value, long currentTime) {
            boolean unsettled = value.outcome() == Outcome.LOOKUP_FAILED || value.outcome() == Outcome.BUDGET_SPENT;
            return (unsettled ? UNSETTLED_TTL : settled).toNanos();
        }

        @Override
        public long expireAfterUpdate(LookupKey key, Resolution value, long currentTime, long currentDuration) {
            return expireAfterCreate(key, value, currentTime);
        }

        @Override
        public long expireAfterRead(LookupKey key, Resolution value, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
