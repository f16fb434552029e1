package io.denywatch.common.kafka;

import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.denywatch.common.json.Json;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.io.IOException;

/**
 * One Jackson serde for every value denywatch keeps in Kafka: JSON for topics other teams read, Smile (binary JSON,
 * the same model) for repartition topics and state stores, see {@link #internal(Class)}.
 *
 * @param <T> the value type
 */
public final class JsonSerde<T> implements Serde<T> {

    private final ObjectReader reader;
    private final ObjectWriter writer;
    private final Class<T> type;

    public JsonSerde(Class<T> type) {
        this(type, Json.mapper());
    }

    private JsonSerde(Class<T> type, com.fasterxml.jackson.databind.ObjectMapper mapper) {
        this.type = type;
        this.reader = mapper.readerFor(type);
        this.writer = mapper.writerFor(type);
    }

    /** A serde in the binary form, for values only denywatch itself reads back. */
    public static <T> JsonSerde<T> internal(Class<T> type) {
        return new JsonSerde<>(type, Json.binary());
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            try {
                return writer.writeValueAsBytes(value);
            } catch (IOException e) {
                throw new SerializationException("cannot write " + type.getSimpleName() + " as JSON", e);
            }
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return reader.readValue(bytes);
            } catch (IOException e) {
                throw new SerializationException("cannot read " + type.getSimpleName() + " from JSON", e);
            }
        };
    }
}
