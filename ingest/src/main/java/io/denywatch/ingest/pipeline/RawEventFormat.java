package io.denywatch.ingest.pipeline;

import io.denywatch.common.cloudtrail.CloudTrailRecord;
import io.denywatch.common.event.EventHeaders;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The raw topic's record format, in one place: whoever writes raw events (the ingestor, {@code denywatch scan})
 * writes them exactly alike.
 *
 * <p>Key: the {@code eventID}, so every duplicate delivery of one event lands on the same partition, where the
 * analyzer's deduplication sees it; an event without one is keyed by a digest of its bytes, so exact duplicates still
 * meet. Value: the event's original bytes. Headers: the fields later stages filter on, see {@link EventHeaders}.
 */
public final class RawEventFormat {

    private RawEventFormat() {
    }

    public static byte[] key(CloudTrailRecord event) {
        return event.eventId() != null ? event.eventId().getBytes(StandardCharsets.UTF_8) : digestKey(event.bytes());
    }

    public static RecordHeaders headers(CloudTrailRecord event, byte[] source) {
        RecordHeaders headers = new RecordHeaders();
        add(headers, EventHeaders.EVENT_ID, event.eventId());
        add(headers, EventHeaders.ERROR_CODE, event.errorCode());
        add(headers, EventHeaders.EVENT_SOURCE, event.eventSource());
        add(headers, EventHeaders.EVENT_NAME, event.eventName());
        add(headers, EventHeaders.EVENT_TIME, event.eventTime());
        add(headers, EventHeaders.RECIPIENT_ACCOUNT_ID, event.recipientAccountId());
        headers.add(EventHeaders.SOURCE, source);
        return headers;
    }

    private static void add(RecordHeaders headers, String name, String value) {
        if (value != null) {
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    static byte[] digestKey(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return ("sha256:" + HexFormat.of().formatHex(digest)).getBytes(StandardCharsets.UTF_8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
