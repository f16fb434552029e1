package io.denywatch.ingest.notification;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Message bodies for tests: the fixture files, and variants built from them. */
final class Fixtures {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    /** The text of {@code notifications/<name>} on the test class path. */
    static String body(final String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/notifications/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code inner} inside the realistic SNS envelope of {@code sns-envelope-s3-event.json}. */
    static String snsWrapped(final String inner) {
        final ObjectNode envelope = tree(body("sns-envelope-s3-event.json"));
        envelope.put("Message", inner);
        return write(envelope);
    }

    /** The single-record S3 event fixture with its object key replaced by {@code encodedKey}, sent as is. */
    static String s3EventWithKey(final String encodedKey) {
        final ObjectNode event = tree(body("s3-event-object-created.json"));
        ((ObjectNode) event.get("Records").get(0).get("s3").get("object")).put("key", encodedKey);
        return write(event);
    }

    /** The EventBridge fixture with its object key replaced by {@code key}, sent as is. */
    static String eventBridgeWithKey(final String key) {
        final ObjectNode event = tree(body("eventbridge-object-created.json"));
        ((ObjectNode) event.get("detail").get("object")).put("key", key);
        return write(event);
    }

    static ObjectNode tree(final String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String write(final Object tree) {
        try {
            return JSON.writeValueAsString(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
