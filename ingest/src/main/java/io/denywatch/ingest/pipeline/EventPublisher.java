package io.denywatch.ingest.pipeline;

import io.denywatch.common.cloudtrail.CloudTrailRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes raw events to Kafka in the {@link RawEventFormat}. */
final class EventPublisher {

    private final Producer<byte[], byte[]> producer;
    private final String topic;

    EventPublisher(Producer<byte[], byte[]> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    void send(CloudTrailRecord event, byte[] source, SendTracker tracker) {
        tracker.sending();
        producer.send(new ProducerRecord<>(topic, null, RawEventFormat.key(event), event.bytes(),
                RawEventFormat.headers(event, source)), tracker);
    }
}
