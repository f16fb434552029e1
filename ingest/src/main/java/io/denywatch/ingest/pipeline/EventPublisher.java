package io.denywatch.ingest.pipeline;

import io.denywatch.common.event.EventHeaders;
import io.denywatch.ingest.logfile.CloudTrailRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Writes raw events to Kafka: value = the event's original bytes, headers = the fields later stages filter on.
 *
 * <p>The key is the {@code eventID}, so every duplicate delivery of one event lands on the same partition, where the
 * analyzer's deduplication sees it. An event without an {@code eventID} is keyed by a digest of its bytes: exact
 * duplicates still meet.
 */
final class EventPublisher {

    private final Producer<byte[], byte[]> producer;
    private final String topic;

    EventPublisher(Producer<byte[], byte[]> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    void send(CloudTrailRecord event, byte[] source, SendTracker tracker) {
        RecordHeaders headers = new RecordHeaders();
        add(headers, EventHeaders.EVENT_ID, event.eventId());
        add(headers, EventHeaders.ERROR_CODE, event.errorCode());
        add(headers, EventHeaders.EVENT_SOURCE, event.eventSource());
        add(headers, EventHeaders.EVENT_NAME, event.eventName());
        add(headers, EventHeaders.EVENT_TIME, event.eventTime());
        add(headers, EventHeaders.RECIPIENT_ACCOUNT_ID, event.recipientAccountId());
        headers.add(EventHeaders.SOURCE, source);
        byte[] key = event.eventId() != null
                ? event.eventId().getBytes(StandardCharsets.UTF_8)
                : digestKey(event.bytes());
        tracker.sending();
        producer.send(new ProducerRecord<>(topic, null, key, event.bytes(), headers), tracker);
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
