package io.denywatch.ingest.notification;

import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

import io.denywatch.ingest.notification.BadNotificationException.Reason;

/**
 * Reads required fields from a notification tree, turning every absent, null, mistyped or empty value into a
 * {@link BadNotificationException} that names the field, so no reader can meet a null.
 *
 * <p>Paths are written without array indexes ({@code Records[].s3.bucket}) to keep {@code field()} usable as a
 * metric tag; callers add the index to the detail where it helps.
 */
final class JsonFields {

    private JsonFields() {
    }

    /** The object at {@code parent.name}. */
    static JsonNode object(final JsonNode parent, final String parentPath, final String name)
            throws BadNotificationException {
        final JsonNode node = present(parent, parentPath, name);
        if (!node.isObject()) {
            throw wrongType(parentPath, name, "an object", node);
        }
        return node;
    }

    /** The array at {@code parent.name}. */
    static JsonNode array(final JsonNode parent, final String parentPath, final String name)
            throws BadNotificationException {
        final JsonNode node = present(parent, parentPath, name);
        if (!node.isArray()) {
            throw wrongType(parentPath, name, "an array", node);
        }
        return node;
    }

    /** The string at {@code parent.name}, possibly empty. */
    static String text(final JsonNode parent, final String parentPath, final String name)
            throws BadNotificationException {
        return asText(present(parent, parentPath, name), parentPath, name);
    }

    /** The string at {@code parent.name}, refused when empty. */
    static String nonEmptyText(final JsonNode parent, final String parentPath, final String name)
            throws BadNotificationException {
        return nonEmpty(text(parent, parentPath, name), path(parentPath, name));
    }

    /** {@code node} as a non-empty string, {@code path} naming it in errors. */
    static String nonEmptyText(final JsonNode node, final String path) throws BadNotificationException {
        if (!node.isTextual()) {
            throw new BadNotificationException(Reason.WRONG_TYPE, path,
                    path + " should be a string but is " + describe(node));
        }
        return nonEmpty(node.textValue(), path);
    }

    /** The string at {@code parent.name} when it is a string, otherwise null; for recognising shapes, never errors. */
    static String optionalText(final JsonNode parent, final String name) {
        final JsonNode node = parent.get(name);
        return node != null && node.isTextual() ? node.textValue() : null;
    }

    /** A short description of a node's JSON type, for error details. */
    static String describe(final JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT:
                return "an object";
            case ARRAY:
                return "an array";
            case STRING:
                return "a string";
            case NUMBER:
                return "a number";
            case BOOLEAN:
                return "a boolean";
            case NULL:
                return "null";
            default:
                return node.getNodeType().name().toLowerCase(Locale.ROOT);
        }
    }

    private static JsonNode present(final JsonNode parent, final String parentPath, final String name)
            throws BadNotificationException {
        final JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            final String path = path(parentPath, name);
            throw new BadNotificationException(Reason.MISSING_FIELD, path, path + " is missing");
        }
        return node;
    }

    private static String asText(final JsonNode node, final String parentPath, final String name)
            throws BadNotificationException {
        if (!node.isTextual()) {
            throw wrongType(parentPath, name, "a string", node);
        }
        return node.textValue();
    }

    private static String nonEmpty(final String value, final String path) throws BadNotificationException {
        if (value.isEmpty()) {
            throw new BadNotificationException(Reason.EMPTY_VALUE, path, path + " is an empty string");
        }
        return value;
    }

    private static BadNotificationException wrongType(final String parentPath, final String name,
            final String expected, final JsonNode actual) {
        final String path = path(parentPath, name);
        return new BadNotificationException(Reason.WRONG_TYPE, path,
                path + " should be " + expected + " but is " + describe(actual));
    }

    private static String path(final String parentPath, final String name) {
        return parentPath.isEmpty() ? name : parentPath + "." + name;
    }
}
