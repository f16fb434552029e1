package io.denywatch.ingest.notification;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.denywatch.ingest.notification.BadNotificationException.Reason;
import io.denywatch.ingest.notification.Notification.NothingToDo;

/**
 * Turns an SQS message body into a {@link Notification}, accepting every shape one queue may carry: S3 event
 * notifications, S3 test events, CloudTrail's SNS notification, EventBridge S3 events, CloudTrail records delivered
 * by EventBridge, and SNS envelopes around any of them. Thread-safe; build one and share it.
 */
public final class NotificationParser {

    /** SQS accepts bodies up to 1 MiB on queues created with the larger limit (256 KiB before). */
    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

    /** CloudTrail's own limit on one event, as {@code ingest.max-record-size} defaults to. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 256 * 1024;

    /**
     * The deepest known shape (an S3 record's {@code userIdentity} or {@code s3.object}) nests five levels; the margin
     * tolerates additions without letting a hostile body make the tree builder work hard.
     */
    static final int MAX_JSON_DEPTH = 32;

    /**
     * S3 → SNS → SQS wraps once. One more level tolerates a relay that republishes to another topic; anything deeper
     * is a loop or a hostile body.
     */
    static final int MAX_SNS_ENVELOPES = 2;

    private static final int MAX_NAME_CHARS = 1024;
    private static final int MAX_NUMBER_CHARS = 64;
    private static final int MAX_FIELD_NAMES_SHOWN = 8;

    private final int maxBodyBytes;
    private final ObjectMapper mapper;
    private final EventBridgeRecordReader records;

    /** A parser refusing bodies over {@link #DEFAULT_MAX_BODY_BYTES}. */
    public NotificationParser() {
        this(DEFAULT_MAX_BODY_BYTES);
    }

    /**
     * A parser refusing bodies over {@code maxBodyBytes}, counted as UTF-8 the way SQS counts them, and carried
     * CloudTrail records over {@link #DEFAULT_MAX_RECORD_BYTES}.
     *
     * @param maxBodyBytes the largest body accepted, at least 1
     */
    public NotificationParser(final int maxBodyBytes) {
        this(maxBodyBytes, DEFAULT_MAX_RECORD_BYTES);
    }

    /**
     * A parser refusing bodies over {@code maxBodyBytes}, and CloudTrail records carried in a message (EventBridge's
     * {@code detail}) over {@code maxRecordBytes}, the same limit as for a record of a log file.
     *
     * @param maxBodyBytes   the largest body accepted, at least 1
     * @param maxRecordBytes the largest carried record accepted, at least 1
     */
    public NotificationParser(final int maxBodyBytes, final int maxRecordBytes) {
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be positive: " + maxBodyBytes);
        }
        this.maxBodyBytes = maxBodyBytes;
        final JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxDocumentLength(maxBodyBytes)
                        .maxStringLength(maxBodyBytes)
                        .maxNestingDepth(MAX_JSON_DEPTH)
                        .maxNameLength(MAX_NAME_CHARS)
                        .maxNumberLength(MAX_NUMBER_CHARS)
                        .build())
                // A body with the same field twice has no single meaning; refuse it rather than let the last win.
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.mapper = JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
        this.records = new EventBridgeRecordReader(factory, maxRecordBytes);
    }

    /** The largest body accepted, in UTF-8 bytes. */
    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    /**
     * Reads one SQS message body.
     *
     * @param sqsBody the body as SQS delivered it
     * @return the objects it names, or why there is nothing to do
     * @throws BadNotificationException when the body is not a notification this parser understands
     */
    public Notification parse(final String sqsBody) throws BadNotificationException {
        if (sqsBody == null) {
            throw new BadNotificationException(Reason.INVALID_JSON, "body is null");
        }
        final long bytes = Utf8.length(sqsBody, maxBodyBytes);
        if (bytes > maxBodyBytes) {
            throw new BadNotificationException(Reason.TOO_LARGE,
                    "body is over " + maxBodyBytes + " bytes (" + sqsBody.length() + " chars), starts "
                            + Excerpt.of(sqsBody));
        }
        return parse(sqsBody, 0);
    }

    private Notification parse(final String json, final int envelopes) throws BadNotificationException {
        final JsonNode root = readTree(json);
        if (!root.isObject()) {
            throw new BadNotificationException(Reason.UNKNOWN_SHAPE,
                    "top level is " + JsonFields.describe(root) + ", not an object: " + Excerpt.of(json));
        }
        if (SnsEnvelope.matches(root)) {
            return unwrap(root, envelopes);
        }
        if (root.has("Records")) {
            return S3EventReader.read(root);
        }
        if ("s3:TestEvent".equals(JsonFields.optionalText(root, "Event"))) {
            return new NothingToDo(NothingToDo.Reason.S3_TEST_EVENT, Notification.S3_TEST_EVENT);
        }
        if (CloudTrailSnsReader.matches(root)) {
            return CloudTrailSnsReader.read(root);
        }
        if (EventBridgeReader.matches(root)) {
            return EventBridgeReader.read(root, json, records);
        }
        throw unknownShape(root, json);
    }

    private Notification unwrap(final JsonNode envelope, final int envelopes) throws BadNotificationException {
        if (envelopes >= MAX_SNS_ENVELOPES) {
            throw new BadNotificationException(Reason.TOO_DEEP, "Message",
                    "more than " + MAX_SNS_ENVELOPES + " SNS envelopes inside each other");
        }
        final String message = JsonFields.text(envelope, "", "Message");
        final Notification inner;
        try {
            inner = parse(message, envelopes + 1);
        } catch (BadNotificationException e) {
            throw e.insideSnsMessage();
        }
        return SnsEnvelope.wrapped(inner);
    }

    private JsonNode readTree(final String json) throws BadNotificationException {
        final JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (StreamConstraintsException e) {
            // Jackson reports every limit with this one type; only the message tells depth from size.
            final boolean depth = String.valueOf(e.getOriginalMessage()).contains("nesting depth");
            throw new BadNotificationException(depth ? Reason.TOO_DEEP : Reason.TOO_LARGE, null,
                    Excerpt.of(e.getOriginalMessage()), e);
        } catch (JsonProcessingException e) {
            throw new BadNotificationException(Reason.INVALID_JSON, null,
                    "not JSON" + at(e.getLocation()) + ": " + Excerpt.of(e.getOriginalMessage())
                            + "; body starts " + Excerpt.of(json), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new BadNotificationException(Reason.INVALID_JSON, "body is empty");
        }
        return root;
    }

    private static BadNotificationException unknownShape(final JsonNode root, final String json) {
        final String type = JsonFields.optionalText(root, "Type");
        if (type != null && root.has("SubscribeURL")) {
            // Deleting this silently would lose the only way to confirm a cross-account SNS subscription.
            return new BadNotificationException(Reason.UNKNOWN_SHAPE, "Type",
                    "SNS " + Excerpt.of(type) + " message: confirm or ignore it by hand using its SubscribeURL");
        }
        final List<String> names = new ArrayList<>();
        final Iterator<String> it = root.fieldNames();
        while (it.hasNext() && names.size() < MAX_FIELD_NAMES_SHOWN) {
            names.add(it.next());
        }
        return new BadNotificationException(Reason.UNKNOWN_SHAPE,
                "no known notification shape; top-level fields " + Excerpt.of(String.join(",", names))
                        + (root.size() > names.size() ? " and " + (root.size() - names.size()) + " more" : "")
                        + "; body starts " + Excerpt.of(json));
    }

    private static String at(final JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + " column " + location.getColumnNr();
    }
}
