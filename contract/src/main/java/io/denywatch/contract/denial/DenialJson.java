package io.denywatch.contract.denial;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import io.denywatch.common.json.Json;

/** Writes and reads the {@link EnrichedDenial} JSON contract, and gives its JSON Schema. */
public final class DenialJson {

    /** Classpath location of the JSON Schema (draft 2020-12) of the contract. */
    public static final String SCHEMA_RESOURCE = "/schemas/enriched-denial.v1.schema.json";

    private DenialJson() {
    }

    /** The denial as UTF-8 JSON, every field present. */
    public static byte[] toBytes(EnrichedDenial denial) {
        try {
            return Json.mapper().writeValueAsBytes(denial);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a denial as JSON", e);
        }
    }

    /**
     * Reads a denial written by {@link #toBytes}.
     *
     * @throws IOException when the bytes are not such JSON
     */
    public static EnrichedDenial fromBytes(byte[] json) throws IOException {
        return Json.mapper().readValue(json, EnrichedDenial.class);
    }

    /** The JSON Schema, opened from the classpath; the caller closes it. */
    public static InputStream schema() {
        InputStream in = DenialJson.class.getResourceAsStream(SCHEMA_RESOURCE);
        if (in == null) {
            throw new IllegalStateException(SCHEMA_RESOURCE + " is missing from the classpath");
        }
        return in;
    }
}
