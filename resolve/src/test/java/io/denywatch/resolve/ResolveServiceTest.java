package io.denywatch.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import io.denywatch.contract.denial.DenyKind;
import io.denywatch.contract.denial.PolicyType;
import io.denywatch.contract.denial.Resolution;
import io.denywatch.contract.denial.Resolution.Method;
import io.denywatch.contract.denial.Resolution.Outcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class ResolveServiceTest {

    private static final Resolution NAMED = new Resolution(Outcome.RESOLVED, Method.POLICY_DOCUMENTS,
            "Refused by Deny statement DenyProdWrites.", List.of(), List.of());
    private static final ResolveService.Limits LIMITS = new ResolveService.Limits(Duration.ofHours(1), 1000, 1000,
            100);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:15:00Z"));

    @Test
    void concurrentAsksForOneIncidentShareOneLookup() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger lookups = new AtomicInteger();
        try (ResolveService service = service(call -> {
            lookups.incrementAndGet();
            await(release);
            return NAMED;
        }, LIMITS)) {
            CompletableFuture<Resolution> first = service.resolve(call("arn:aws:s3:::prod-data/a.csv", "10:00"));
            CompletableFuture<Resolution> second = service.resolve(call("arn:aws:s3:::prod-data/a.csv", "10:01"));
            assertFalse(first.isDone(), "the lookup waits on the resolver");
            release.countDown();
            assertSame(NAMED, first.get(10, TimeUnit.SECONDS));
            assertSame(NAMED, second.get(10, TimeUnit.SECONDS));
            assertEquals(1, lookups.get(), "one lookup for calls that differ only in their time");
            service.resolve(call("arn:aws:s3:::prod-data/a.csv", "10:02")).get(10, TimeUnit.SECONDS);
            assertEquals(1, lookups.get(), "answered from the cache");
            assertEquals(2.0, registry.get("denywatch.resolve.cache.hits").counter().count(),
                    "the second ask found the first lookup under way, the third its answer");
            assertEquals(1.0, registry.get("denywatch.resolve.lookups").tag("outcome", "resolved").counter()
                    .count());
        }
    }

    @Test
    void anotherResourceIsAnotherLookup() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        try (ResolveService service = service(call -> {
            lookups.incrementAndGet();
            return NAMED;
        }, LIMITS)) {
            service.resolve(call("arn:aws:s3:::prod-data/a.csv", "10:00")).get(10, TimeUnit.SECONDS);
            service.resolve(call("arn:aws:s3:::prod-logs/a.csv", "10:00")).get(10, TimeUnit.SECONDS);
            assertEquals(2, lookups.get());
        }
    }

    @Test
    void theHourlyBudgetStopsLookupsUntilTheNextHour() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        try (ResolveService service = service(call -> {
            lookups.incrementAndGet();
            return NAMED;
        }, new ResolveService.Limits(Duration.ofHours(1), 1000, 2, 100))) {
            assertEquals(Outcome.RESOLVED, resolve(service, "arn:aws:s3:::a/1").outcome());
            assertEquals(Outcome.RESOLVED, resolve(service, "arn:aws:s3:::a/2").outcome());
            Resolution spent = resolve(service, "arn:aws:s3:::a/3");
            assertEquals(Outcome.BUDGET_SPENT, spent.outcome());
            assertEquals(2, lookups.get(), "no AWS call beyond the budget");
            clock.now = Instant.parse("2026-12-07T11:00:00Z");
            assertEquals(Outcome.RESOLVED, resolve(service, "arn:aws:s3:::a/4").outcome());
            assertEquals(3, lookups.get());
            assertEquals(1.0, registry.get("denywatch.resolve.lookups").tag("outcome", "budget_spent")
                    .counter().count());
        }
    }

    @Test
    void aFaultInTheResolverIsAFailedLookupNotAFailedFuture() throws Exception {
        try (ResolveService service = service(call -> {
            throw new IllegalStateException("no policy today");
        }, LIMITS)) {
            Resolution failed = resolve(service, "arn:aws:s3:::a/1");
            assertEquals(Outcome.LOOKUP_FAILED, failed.outcome());
            assertEquals("The lookup failed: IllegalStateException", failed.summary());
        }
    }

    private ResolveService service(Function<Call, Resolution> resolver, ResolveService.Limits limits) {
        return new ResolveService(resolver, limits, registry, clock);
    }

    private static Resolution resolve(ResolveService service, String resource) throws Exception {
        return service.resolve(call(resource, "10:00")).get(10, TimeUnit.SECONDS);
    }

    private static Call call(String resource, String time) {
        return new Call("arn:aws:iam::111122223333:role/app", "AssumedRole", "111122223333", "111122223333",
                "us-east-1", "s3:PutObject", List.of(resource), DenyKind.EXPLICIT,
                PolicyType.SERVICE_CONTROL_POLICY, null, null, null,
                Map.of("aws:CurrentTime", "2026-12-07T" + time + ":00Z", "aws:SourceIp", "203.0.113.7"));
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A clock the test moves. */
    private static final class MutableClock extends Clock {
        volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
