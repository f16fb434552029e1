package io.denywatch.cli.lookup;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttribute;
import software.amazon.awssdk.services.cloudtrail.model.LookupEventsRequest;
import software.amazon.awssdk.services.cloudtrail.model.LookupEventsResponse;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Reads CloudTrail's 90-day event history ({@code cloudtrail:LookupEvents}) page by page, within the API's documented
 * limits: pages of at most 50 events, and no more than two requests per second per account and region — a faster
 * caller is throttled, and that limit is shared with every other caller of the account, so it is kept here rather
 * than left to retries.
 *
 * <p>Only management events are in the event history; data events (S3 object reads, Lambda invokes, …) are only in
 * the trail's log files, which {@code scan} reads.
 */
public final class EventHistory {

    /** The largest page LookupEvents returns. */
    public static final int PAGE_SIZE = 50;
    /** LookupEvents' documented rate: two requests per second per account and region. */
    public static final int REQUESTS_PER_SECOND = 2;

    private final CloudTrailClient client;
    private final RateLimiter limiter;

    public EventHistory(CloudTrailClient client) {
        this.client = client;
        this.limiter = RateLimiter.of("cloudtrail-lookup-events", RateLimiterConfig.custom()
                .limitForPeriod(1)
                .limitRefreshPeriod(Duration.ofMillis(1000 / REQUESTS_PER_SECOND))
                .timeoutDuration(Duration.ofMinutes(1))
                .build());
    }

    /** What one read saw. */
    public record Totals(long events, long requests, boolean truncated) {
    }

    /**
     * Hands every event of the query's span to {@code onEvent} as its CloudTrail record's JSON bytes, newest first (the
     * API's order), until the span is read or {@code maxEvents} events were.
     *
     * @param progress told after each page: events read so far
     */
    public Totals read(HistoryQuery query, Consumer<byte[]> onEvent, Consumer<Long> progress) {
        long events = 0;
        long requests = 0;
        String token = null;
        do {
            LookupEventsRequest.Builder request = LookupEventsRequest.builder()
                    .startTime(query.start())
                    .endTime(query.end())
                    .maxResults((int) Math.min(PAGE_SIZE, query.maxEvents() - events))
                    .nextToken(token);
            if (query.attributeKey() != null) {
                request.lookupAttributes(LookupAttribute.builder().attributeKey(query.attributeKey())
                        .attributeValue(query.attributeValue()).build());
            }
            acquirePermission();
            LookupEventsResponse page = client.lookupEvents(request.build());
            requests++;
            for (Event event : page.events()) {
                if (event.cloudTrailEvent() != null) {
                    onEvent.accept(event.cloudTrailEvent().getBytes(StandardCharsets.UTF_8));
                }
                events++;
            }
            progress.accept(events);
            token = page.nextToken();
        } while (token != null && !token.isEmpty() && events < query.maxEvents());
        return new Totals(events, requests, token != null && !token.isEmpty());
    }

    private void acquirePermission() {
        if (!limiter.acquirePermission()) {
            throw new IllegalStateException("no LookupEvents permit within a minute");
        }
    }
}
