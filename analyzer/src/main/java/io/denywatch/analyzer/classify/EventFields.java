package io.denywatch.analyzer.classify;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Lenient reads from a CloudTrail event tree: any field may be missing, null or of an unexpected type (hand-edited
 * and third-party events are common), and none of that is an error here.
 */
final class EventFields {

    private EventFields() {
    }

    /** The text of {@code parent.name}: a string as is, a number or boolean as written, anything else null. */
    static String text(JsonNode parent, String name) {
        if (parent == null) {
            return null;
        }
        JsonNode node = parent.get(name);
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isNumber() || node.isBoolean()) {
            return node.asText();
        }
        return null;
    }

    /** The text at a path of object fields, or null where any step is missing. */
    static String text(JsonNode root, String first, String... rest) {
        JsonNode node = root;
        String last = first;
        for (String step : rest) {
            node = object(node, last);
            last = step;
        }
        return text(node, last);
    }

    /** The object at {@code parent.name}, or null. */
    static JsonNode object(JsonNode parent, String name) {
        if (parent == null) {
            return null;
        }
        JsonNode node = parent.get(name);
        return node != null && node.isObject() ? node : null;
    }

    /** The array at {@code parent.name}, or null. */
    static JsonNode array(JsonNode parent, String name) {
        if (parent == null) {
            return null;
        }
        JsonNode node = parent.get(name);
        return node != null && node.isArray() ? node : null;
    }
}
