package io.denywatch.ingest.notification;

import java.util.Objects;
import java.util.Optional;

/**
 * A message body that is not a notification this project understands. Retrying it cannot help: it belongs on the
 * dead-letter path. The detail never carries more than a short excerpt of the body.
 */
public final class BadNotificationException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why the body was refused; {@link #metricName()} is stable for metrics. */
    public enum Reason {
        /** Not JSON, empty, or JSON with trailing garbage or repeated field names. */
        INVALID_JSON("invalid_json"),
        /** Valid JSON in no shape this parser knows. */
        UNKNOWN_SHAPE("unknown_shape"),
        /** Larger than the configured maximum, or a value beyond the parser's size limits. */
        TOO_LARGE("too_large"),
        /** JSON nested too deeply, or SNS envelopes inside SNS envelopes beyond the limit. */
        TOO_DEEP("too_deep"),
        /** A field the shape requires is absent or null; {@link #field()} names it. */
        MISSING_FIELD("missing_field"),
        /** A field has the wrong JSON type; {@link #field()} names it. */
        WRONG_TYPE("wrong_type"),
        /** A bucket name or key is an empty string; {@link #field()} names it. */
        EMPTY_VALUE("empty_value"),
        /** An object key whose URL encoding is malformed; {@link #field()} names it. */
        BAD_KEY_ENCODING("bad_key_encoding"),
        /**
         * A string of the right type whose form cannot be right, such as an EventBridge {@code id} or {@code region}
         * with spaces or control characters; {@link #field()} names it.
         */
        BAD_VALUE("bad_value");

        private final String metricName;

        Reason(final String metricName) {
            this.metricName = metricName;
        }

        /** Stable lower-case name for metrics and logs. */
        public String metricName() {
            return metricName;
        }
    }

    private final Reason reason;
    private final String field;
    private final String detail;

    BadNotificationException(final Reason reason, final String detail) {
        this(reason, null, detail, null);
    }

    BadNotificationException(final Reason reason, final String field, final String detail) {
        this(reason, field, detail, null);
    }

    BadNotificationException(final Reason reason, final String field, final String detail, final Throwable cause) {
        super(reason.metricName() + (field == null ? "" : " " + field) + ": " + detail, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.field = field;
        this.detail = Objects.requireNonNull(detail, "detail");
    }

    /** The machine-readable reason. */
    public Reason reason() {
        return reason;
    }

    /**
     * The offending field as a path without array indexes, e.g. {@code Records[].s3.object.key} or, inside an SNS
     * envelope, {@code Message.Records[].s3.object.key}; empty when the problem is not about one field.
     */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }

    /** A short human explanation, with at most a capped excerpt of the offending text. */
    public String detail() {
        return detail;
    }

    /** The same problem, seen from outside the SNS envelope whose {@code Message} held it. */
    BadNotificationException insideSnsMessage() {
        return new BadNotificationException(reason, field == null ? "Message" : "Message." + field,
                "inside the SNS Message: " + detail, this);
    }
}
