package io.denywatch.ingest.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.denywatch.common.json.Json;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * Writes to the ingest dead-letter topic, keyed by source so that everything about one file stays in order.
 */
final class DeadLetterPublisher {

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final IngestMetrics metrics;

    DeadLetterPublisher(Producer<byte[], byte[]> producer, String topic, IngestMetrics metrics) {
        this.producer = producer;
        this.topic = topic;
        this.metrics = metrics;
    }

    /** Sends without waiting; the tracker learns when Kafka has it. */
    void send(DeadLetter letter, SendTracker tracker) {
        tracker.sending();
        producer.send(toRecord(letter), (metadata, exception) -> {
            if (exception == null) {
                metrics.deadLettered(letter.kind(), letter.reason());
            }
            tracker.onCompletion(metadata, exception);
        });
    }

    /**
     * Sends and waits for Kafka's acknowledgement.
     *
     * @throws DeliveryException when Kafka did not take it, so the caller keeps what it was about to drop
     */
    void sendAndWait(DeadLetter letter, Duration timeout) throws InterruptedException, DeliveryException {
        SendTracker tracker = new SendTracker();
        send(letter, tracker);
        try {
            tracker.awaitAll(timeout);
        } catch (TimeoutException e) {
            throw new DeliveryException("dead letter not acknowledged: " + e.getMessage(), e);
        }
        if (tracker.failure() != null) {
            throw new DeliveryException("dead letter refused: " + tracker.failure().getMessage(), tracker.failure());
        }
    }

    private ProducerRecord<byte[], byte[]> toRecord(DeadLetter letter) {
        try {
            return new ProducerRecord<>(topic, letter.source().getBytes(StandardCharsets.UTF_8),
                    Json.mapper().writeValueAsBytes(letter));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a dead letter always serialises", e);
        }
    }
}
