package io.denywatch.analyzer.streams;

import io.denywatch.common.event.EventHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.processor.TimestampExtractor;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.LongSupplier;

/**
 * Event time from the {@code eventTime} header the ingestor copies out of each event, so windows follow when AWS saw
 * the call rather than when the log file arrived (often five minutes later, sometimes days).
 *
 * <p>CloudTrail writes {@code 2023-07-10T11:42:36Z}; that form is read by hand because every raw event passes here,
 * most of them never parsed otherwise. Other ISO-8601 forms go through {@link Instant#parse}.
 *
 * <p>A missing or unreadable time is counted and falls back to the partition's current time (the record's own
 * timestamp for a partition's first record) — never epoch 0, which would put the event in a window long closed. So
 * does a time more than {@link #MAX_AHEAD} ahead of the clock: AWS cannot log a call before it happens, and one event
 * dated 9999 taken at its word would move the partition's stream time so far ahead that every real event after it
 * would be too late to count.
 */
public final class EventTimeExtractor implements TimestampExtractor {

    /** How far ahead of the clock an event time is still believed (clocks drift; the future does not log). */
    public static final long MAX_AHEAD = Duration.ofHours(1).toMillis();

    private final AnalyzerMetrics metrics;
    private final LongSupplier clock;

    public EventTimeExtractor(AnalyzerMetrics metrics) {
        this(metrics, System::currentTimeMillis);
    }

    EventTimeExtractor(AnalyzerMetrics metrics, LongSupplier clock) {
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        Header header = record.headers().lastHeader(EventHeaders.EVENT_TIME);
        long time = header == null ? Long.MIN_VALUE : parse(header.value());
        if (time == Long.MIN_VALUE) {
            metrics.eventTimeUnreadable();
            return fallback(record, partitionTime);
        }
        if (time > clock.getAsLong() + MAX_AHEAD) {
            metrics.eventTimeAhead();
            return fallback(record, partitionTime);
        }
        return time;
    }

    private static long fallback(ConsumerRecord<Object, Object> record, long partitionTime) {
        if (partitionTime >= 0) {
            return partitionTime;
        }
        return Math.max(record.timestamp(), 0);
    }

    /** Epoch milliseconds of an ISO-8601 UTC instant, or {@link Long#MIN_VALUE} when it is not one. */
    public static long parse(byte[] b) {
        if (b.length == 20 && b[4] == '-' && b[7] == '-' && b[10] == 'T' && b[13] == ':' && b[16] == ':'
                && b[19] == 'Z') {
            int year = digits(b, 0, 4);
            int month = digits(b, 5, 2);
            int day = digits(b, 8, 2);
            int hour = digits(b, 11, 2);
            int minute = digits(b, 14, 2);
            int second = digits(b, 17, 2);
            if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour >= 0 && hour <= 23
                    && minute >= 0 && minute <= 59 && second >= 0 && second <= 59) {
                try {
                    return java.time.LocalDateTime.of(year, month, day, hour, minute, second)
                            .toEpochSecond(java.time.ZoneOffset.UTC) * 1000;
                } catch (java.time.DateTimeException e) {
                    return Long.MIN_VALUE;
                }
            }
            return Long.MIN_VALUE;
        }
        try {
            return Instant.parse(new String(b, StandardCharsets.UTF_8)).toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            return Long.MIN_VALUE;
        }
    }

    private static int digits(byte[] b, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }
}
