package io.denywatch.common.cloudtrail;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;

/**
 * The top-level string fields of an event that later stages filter on, picked up while the event streams past. One
 * instance serves every event of a file, so reading an event allocates nothing for them beyond the strings.
 */
final class HeaderFields {

    private String eventId;
    private String errorCode;
    private String eventSource;
    private String eventName;
    private String eventTime;
    private String recipientAccountId;

    /** Forgets the previous event's fields. */
    void clear() {
        eventId = null;
        errorCode = null;
        eventSource = null;
        eventName = null;
        eventTime = null;
        recipientAccountId = null;
    }

    /**
     * Takes the current value if {@code field} is one of ours, leaving the parser after it.
     *
     * @return false for any other field, whose value the caller skips
     */
    boolean pick(String field, JsonParser parser, JsonToken value) throws IOException {
        // A repeated name counts as its last value, as every JSON reader downstream takes it: a header must not keep
        // an earlier string when the event, as read, has a number or an object there.
        switch (field) {
            case "eventID" -> eventId = text(parser, value);
            case "errorCode" -> errorCode = text(parser, value);
            case "eventSource" -> eventSource = text(parser, value);
            case "eventName" -> eventName = text(parser, value);
            case "eventTime" -> eventTime = text(parser, value);
            case "recipientAccountId" -> recipientAccountId = text(parser, value);
            default -> {
                return false;
            }
        }
        return true;
    }

    CloudTrailRecord record(int index, byte[] bytes) {
        return new CloudTrailRecord(index, bytes, eventId, errorCode, eventSource, eventName, eventTime,
                recipientAccountId);
    }

    /** The current value if it is a string, else null after skipping it. */
    private static String text(JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            return parser.getText();
        }
        parser.skipChildren();
        return null;
    }
}
