package io.denywatch.ingest.pipeline;

import io.denywatch.common.config.Config;
import io.denywatch.common.kafka.KafkaClients;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.Map;

/**
 * The ingestor's producer: idempotent with {@code acks=all}, so an acknowledged event is on every in-sync replica and
 * a producer retry never writes it twice; large batches and lz4 for throughput. Explicit {@code kafka.*} settings
 * win over these defaults.
 */
final class ProducerSettings {

    private ProducerSettings() {
    }

    static Map<String, Object> properties(Config config, long maxRecordBytes) {
        Map<String, Object> props = KafkaClients.common(config, "denywatch-ingest");
        props.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
        props.putIfAbsent(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.putIfAbsent(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(1024 * 1024));
        props.putIfAbsent(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(64L << 20));
        props.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // An event of the largest accepted size, with its headers, must fit in one request.
        props.putIfAbsent(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Long.toString(Math.max(1L << 20,
                maxRecordBytes + (64L << 10))));
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return props;
    }
}
