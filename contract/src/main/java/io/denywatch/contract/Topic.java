package io.denywatch.contract;

import io.denywatch.common.config.Config;
import io.denywatch.common.config.Setting;
import org.apache.kafka.common.serialization.Serde;

import java.io.InputStream;
import java.util.Optional;

/**
 * One topic that crosses between denywatch's stages or to other teams, declared once: the setting that names it, the
 * serdes of its keys and values, and the JSON Schema its values follow where they are JSON that others read.
 *
 * @param name       the setting holding the topic's name (its default is the name a fresh deployment uses)
 * @param keySerde   how keys are written and read
 * @param valueSerde how values are written and read
 * @param schema     classpath location of the values' JSON Schema, or null where the values have none of their own
 *                   (raw CloudTrail bytes, dead letters)
 * @param <K>        key type
 * @param <V>        value type
 */
public record Topic<K, V>(Setting<String> name, Serde<K> keySerde, Serde<V> valueSerde, String schema) {

    /** The topic's name in this deployment. */
    public String in(Config config) {
        return config.get(name);
    }

    /** The values' JSON Schema, opened from the classpath (the caller closes it); empty where there is none. */
    public Optional<InputStream> openSchema() {
        if (schema == null) {
            return Optional.empty();
        }
        InputStream in = Topic.class.getResourceAsStream(schema);
        if (in == null) {
            throw new IllegalStateException(schema + " is missing from the classpath");
        }
        return Optional.of(in);
    }
}
