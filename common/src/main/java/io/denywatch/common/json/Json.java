package io.denywatch.common.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.smile.SmileFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.UncheckedIOException;

/**
 * The one JSON configuration of the project.
 *
 * <p>Stream read constraints stay on, tightened to what CloudTrail needs: one event is at most 256 KB, so no string in
 * it can be longer, and real events nest a few dozen levels at most.
 */
public final class Json {

    /** Longest string any CloudTrail value can hold (an event is at most 256 KB). */
    public static final int MAX_STRING_LENGTH = 256 * 1024;
    public static final int MAX_NESTING_DEPTH = 200;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(MAX_STRING_LENGTH)
                    .maxNestingDepth(MAX_NESTING_DEPTH)
                    .maxNumberLength(1000)
                    .build())
            .build();

    private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY)
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * The same model in Smile, Jackson's binary JSON: for state stores and internal topics, which nobody outside
     * reads and which are written many times per denial, so the text form's size and parsing cost matter there.
     */
    private static final ObjectMapper BINARY = new ObjectMapper(SmileFactory.builder()
            .streamReadConstraints(FACTORY.streamReadConstraints())
            // The state's maps are keyed by data (actions, resource ARNs, error messages), not by a fixed set of
            // property names: canonicalising them fills and resets the symbol table on every read for nothing.
            .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
            .build())
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Json() {
    }

    /** The binary (Smile) mapper for internal state; thread-safe once configured. */
    public static ObjectMapper binary() {
        return BINARY;
    }

    /** The shared factory, for streaming parsers. */
    public static JsonFactory factory() {
        return FACTORY;
    }

    /** The shared mapper; thread-safe once configured. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** {@code value} as UTF-8 JSON; for values the project's own model can always write. */
    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
