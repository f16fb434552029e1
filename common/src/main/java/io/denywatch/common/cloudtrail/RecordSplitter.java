package io.denywatch.common.cloudtrail;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;

import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Splits decompressed CloudTrail input into its events as a stream, taking only the {@link Shape}s it was built for.
 *
 * <p>Each event is passed on as its original bytes, copied from a fixed-size window under the parser by the
 * parser's own byte offsets, so no event is ever re-serialised and memory does not grow with the input. While an
 * event streams past, its top-level string fields that later stages filter on are picked up; nested objects are
 * skipped without being read into memory, and strings nobody asked for are never decoded.
 *
 * <p>A top-level object with a {@code Records} array is a delivery file (when delivery files are taken); one with an
 * {@code Events} array is lookup-events output (when taken), whose events are JSON strings decoded one by one; one
 * with EventBridge's {@code detail-type} and {@code source} is an EventBridge event (when taken), whose event is its
 * {@code detail}; any other top-level object is an event (when single events or NDJSON are taken). An element that is
 * not an object, an EventBridge event or lookup entry that carries no CloudTrail event, or an event larger than the
 * limit, is reported to the sink and the input goes on. Input that is not JSON, or of a shape
 * this splitter does not take, fails with {@link LogFileException}; the events before the damage have already been
 * passed on.
 */
public final class RecordSplitter {

    /** Room for the parser's read-ahead beyond the largest record, so a record of the maximum size still fits. */
    private static final int READ_AHEAD_MARGIN = 64 * 1024;
    private static final int EXCERPT_BYTES = 512;
    private static final String RECORDS = "Records";
    private static final String LOOKUP_EVENTS = "Events";
    private static final String LOOKUP_EVENT = "CloudTrailEvent";

    private final JsonFactory factory;
    private final int maxRecordBytes;
    private final long maxFileBytes;
    private final EnumSet<Shape> shapes;
    private final boolean takesFiles;
    private final boolean takesEvents;
    private final boolean takesLookups;
    private final boolean takesEnvelopes;
    /** What this splitter takes, in words, for the message that refuses anything else. */
    private final String expected;

    /**
     * @param factory        the JSON factory (its stream read constraints apply)
     * @param maxRecordBytes largest record passed on; larger ones are rejected one by one
     * @param maxFileBytes   largest decompressed input; beyond it the input fails
     * @param shapes         the shapes taken; at least one
     */
    public RecordSplitter(JsonFactory factory, int maxRecordBytes, long maxFileBytes, Set<Shape> shapes) {
        if (shapes.isEmpty()) {
            throw new IllegalArgumentException("a splitter must take at least one shape");
        }
        this.takesLookups = shapes.contains(Shape.LOOKUP_EVENTS);
        this.factory = takesLookups ? withStringsUpTo(factory, (long) maxRecordBytes + READ_AHEAD_MARGIN) : factory;
        this.maxRecordBytes = maxRecordBytes;
        this.maxFileBytes = maxFileBytes;
        this.shapes = EnumSet.copyOf(shapes);
        this.takesFiles = shapes.contains(Shape.DELIVERY_FILE);
        this.takesEvents = shapes.contains(Shape.SINGLE_EVENT) || shapes.contains(Shape.NDJSON);
        this.takesEnvelopes = shapes.contains(Shape.EVENTBRIDGE);
        this.expected = describe(this.shapes);
    }

    /**
     * The factory, with room for one whole event as a JSON string: a lookup's events are strings, and one over the
     * string limit would otherwise fail the input instead of being rejected alone as too large. Memory stays bounded
     * by the same size as the window's.
     */
    private static JsonFactory withStringsUpTo(JsonFactory factory, long chars) {
        StreamReadConstraints constraints = factory.streamReadConstraints();
        int limit = (int) Math.min(Integer.MAX_VALUE, chars);
        if (constraints.getMaxStringLength() >= limit) {
            return factory;
        }
        return factory.rebuild().streamReadConstraints(constraints.rebuild().maxStringLength(limit).build()).build();
    }

    /**
     * Reads the whole input and passes every event to the sink, in order.
     *
     * @return what was found
     * @throws LogFileException for input that is not CloudTrail events in a shape this splitter takes
     * @throws IOException      when the underlying stream fails (not a property of the input)
     * @throws Exception        whatever the sink throws, unchanged
     */
    public SplitSummary split(InputStream decompressed, RecordSink sink) throws Exception {
        ByteWindow window = new ByteWindow(decompressed, maxRecordBytes + READ_AHEAD_MARGIN, maxFileBytes);
        Pass pass = new Pass(window, sink);
        try (JsonParser parser = factory.createParser(window)) {
            JsonToken token = parser.nextToken();
            if (token != null && parser.currentTokenLocation().getByteOffset() < 0) {
                // Jackson reads UTF-16 and UTF-32 through characters and has no byte offsets to copy records by;
                // CloudTrail writes UTF-8 only.
                throw new LogFileException(LogFileProblem.INVALID_JSON, "not UTF-8 (CloudTrail writes UTF-8)");
            }
            int values = 0;
            while (token != null) {
                if (values > 0 && !shapes.contains(Shape.NDJSON)) {
                    throw new LogFileException(LogFileProblem.INVALID_JSON, "content after the top-level object");
                }
                readTopLevel(parser, token, pass);
                values++;
                token = parser.nextToken();
            }
            if (values == 0 && !shapes.contains(Shape.NDJSON)) {
                throw new LogFileException(LogFileProblem.NOT_AN_OBJECT, "the input is empty, not " + expected);
            }
        } catch (StreamConstraintsException e) {
            throw new LogFileException(LogFileProblem.INVALID_JSON,
                    "after " + pass.accepted + " records: " + e.getOriginalMessage(), e);
        } catch (StreamReadException e) {
            throw new LogFileException(LogFileProblem.INVALID_JSON,
                    "after " + pass.accepted + " records, at byte " + e.getLocation().getByteOffset() + ": "
                            + e.getOriginalMessage(), e);
        } catch (CharConversionException e) {
            // Jackson takes bytes with zeros in the first four for UTF-16 or UTF-32 and decodes them itself; invalid
            // code units surface as this plain IOException, which would otherwise pass for a failure of the stream.
            throw new LogFileException(LogFileProblem.INVALID_JSON, "not UTF-8 JSON: " + e.getMessage(), e);
        }
        return new SplitSummary(pass.accepted, pass.rejected, window.total());
    }

    /** Reads one top-level value, whose first token is current. */
    private void readTopLevel(JsonParser parser, JsonToken token, Pass pass) throws Exception {
        if (token == JsonToken.START_OBJECT) {
            readObject(parser, pass, true);
        } else if (token == JsonToken.START_ARRAY && shapes.contains(Shape.ARRAY)) {
            splitElements(parser, pass, "the array", takesEnvelopes);
        } else {
            throw new LogFileException(LogFileProblem.NOT_AN_OBJECT,
                    "the top level is " + describe(token) + ", not " + expected);
        }
    }

    /**
     * Reads an object whose START_OBJECT is current: at the top level, a delivery file once a {@code Records} array
     * turns up, lookup-events output once an {@code Events} array does; else, at any level, an EventBridge event or an
     * event. What decides is picked up on the way, so deciding costs no second pass.
     *
     * @param topLevel whether the object is a whole value of the input rather than an element of an array of events
     */
    private void readObject(JsonParser parser, Pass pass, boolean topLevel) throws Exception {
        long start = parser.currentTokenLocation().getByteOffset();
        boolean file = false;
        boolean lookup = false;
        boolean asEvent = !topLevel || takesEvents;
        pass.headers.clear();
        pass.envelope.clear();
        String field;
        while ((field = parser.nextFieldName()) != null) {
            JsonToken value = parser.nextToken();
            if (topLevel && takesFiles && !file && !lookup && RECORDS.equals(field)) {
                if (value == JsonToken.START_ARRAY) {
                    file = true;
                    splitElements(parser, pass, "the Records array", false);
                    continue;
                }
                if (!takesEvents) {
                    throw new LogFileException(LogFileProblem.RECORDS_NOT_ARRAY,
                            "Records is " + describe(value) + ", not an array");
                }
            }
            if (topLevel && takesLookups && !file && !lookup && LOOKUP_EVENTS.equals(field)
                    && value == JsonToken.START_ARRAY) {
                lookup = true;
                splitLookupEntries(parser, pass);
                continue;
            }
            if (file || lookup) {
                // A container's other fields (NextToken, ...) are skipped unread.
                parser.skipChildren();
            } else if (takesEnvelopes && pass.envelope.pick(field, parser, value)) {
                continue;
            } else if (!asEvent || !pass.headers.pick(field, parser, value)) {
                // Only an event's fields are worth decoding.
                parser.skipChildren();
            }
        }
        if (parser.currentToken() != JsonToken.END_OBJECT) {
            throw new LogFileException(LogFileProblem.INVALID_JSON, "unexpected " + describe(parser.currentToken()));
        }
        if (file || lookup) {
            return;
        }
        long end = parser.currentLocation().getByteOffset();
        if (takesEnvelopes && pass.envelope.isEventBridge()) {
            if (pass.envelope.carriesEvent()) {
                pass.passOn(pass.envelope.detailStart, pass.envelope.detailEnd, pass.envelope.detail);
            } else {
                pass.reject(LogFileProblem.NOT_A_CLOUDTRAIL_EVENT, start, end);
            }
            return;
        }
        if (!asEvent) {
            String found = takesFiles ? withoutRecords(parser) : "the top level is an object";
            throw new LogFileException(LogFileProblem.NO_RECORDS, found + ", not " + expected);
        }
        pass.passOn(start, end, pass.headers);
    }

    /**
     * Passes on the elements of the array whose START_ARRAY is current.
     *
     * @param envelopes whether an element may be an EventBridge event (never in a delivery file's Records)
     */
    private void splitElements(JsonParser parser, Pass pass, String array, boolean envelopes) throws Exception {
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token == null) {
                throw new LogFileException(LogFileProblem.INVALID_JSON, array + " is not closed");
            }
            long start = parser.currentTokenLocation().getByteOffset();
            if (token == JsonToken.START_OBJECT && envelopes) {
                readObject(parser, pass, false);
            } else if (token == JsonToken.START_OBJECT) {
                readEvent(parser, pass, start);
            } else {
                parser.skipChildren();
                // Strings are decoded lazily; finish the token so the end offset is after its closing quote.
                parser.finishToken();
                pass.reject(LogFileProblem.RECORD_NOT_AN_OBJECT, start, parser.currentLocation().getByteOffset());
            }
        }
    }

    /** Reads one event whose START_OBJECT is current and passes it on. */
    private void readEvent(JsonParser parser, Pass pass, long start) throws Exception {
        HeaderFields headers = pass.headers;
        headers.clear();
        String field;
        while ((field = parser.nextFieldName()) != null) {
            // Fields not needed downstream of the ingestor's headers are skipped, strings left undecoded.
            if (!headers.pick(field, parser, parser.nextToken())) {
                parser.skipChildren();
            }
        }
        if (parser.currentToken() != JsonToken.END_OBJECT) {
            throw new LogFileException(LogFileProblem.INVALID_JSON, "record " + pass.index + " is not closed");
        }
        pass.passOn(start, parser.currentLocation().getByteOffset(), headers);
    }

    /**
     * Passes on the events of lookup-events output, whose {@code Events} START_ARRAY is current: each entry's
     * {@code CloudTrailEvent} string, decoded. The lookup's own fields beside it (EventId, Username, Resources...)
     * restate parts of the event and are skipped.
     */
    private void splitLookupEntries(JsonParser parser, Pass pass) throws Exception {
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token == null) {
                throw new LogFileException(LogFileProblem.INVALID_JSON, "the Events array is not closed");
            }
            long start = parser.currentTokenLocation().getByteOffset();
            if (token != JsonToken.START_OBJECT) {
                parser.skipChildren();
                parser.finishToken();
                pass.reject(LogFileProblem.RECORD_NOT_AN_OBJECT, start, parser.currentLocation().getByteOffset());
                continue;
            }
            String event = null;
            String field;
            while ((field = parser.nextFieldName()) != null) {
                JsonToken value = parser.nextToken();
                if (LOOKUP_EVENT.equals(field) && value == JsonToken.VALUE_STRING) {
                    event = parser.getText();
                } else {
                    parser.skipChildren();
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT) {
                throw new LogFileException(LogFileProblem.INVALID_JSON, "entry " + pass.index + " is not closed");
            }
            if (event == null) {
                pass.reject(LogFileProblem.NOT_A_CLOUDTRAIL_EVENT, start, parser.currentLocation().getByteOffset());
            } else {
                pass.passOnDecoded(event.getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /** Says what a top-level object without {@code Records} is, for a splitter that takes no events. */
    private static String withoutRecords(JsonParser parser) {
        try {
            // Only the message depends on what follows: more objects are newline-delimited events, most likely.
            if (parser.nextToken() == JsonToken.START_OBJECT) {
                return "one object after another without a Records array, as newline-delimited events are";
            }
        } catch (IOException e) {
            // Damage after the object changes nothing: it already is not what was asked for.
        }
        return "no Records array at the top level";
    }

    private static String excerpt(ByteWindow window, long start, long end) {
        long stop = Math.min(end, start + EXCERPT_BYTES);
        if (!window.holds(start, stop)) {
            return "";
        }
        return new String(window.copy(start, stop), StandardCharsets.UTF_8);
    }

    private static String describe(Set<Shape> shapes) {
        List<String> names = new ArrayList<>();
        for (Shape shape : shapes) {
            names.add(switch (shape) {
                case DELIVERY_FILE -> "a CloudTrail delivery file ({\"Records\":[...]})";
                case ARRAY -> "an array of events";
                case NDJSON -> "events one per line";
                case SINGLE_EVENT -> "an event";
                case LOOKUP_EVENTS -> "aws cloudtrail lookup-events output";
                case EVENTBRIDGE -> "EventBridge events from CloudTrail";
            });
        }
        int last = names.size() - 1;
        return last == 0 ? names.get(0) : String.join(", ", names.subList(0, last)) + " or " + names.get(last);
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "end of input";
        }
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.asString() == null ? token.name() : token.asString();
        };
    }

    /** One pass over one input: where it stands and what it has passed on. */
    private final class Pass {
        final ByteWindow window;
        final RecordSink sink;
        final HeaderFields headers = new HeaderFields();
        final Envelope envelope = new Envelope();
        /** Position of the next event or element in the input, from 0. */
        int index;
        int accepted;
        int rejected;

        Pass(ByteWindow window, RecordSink sink) {
            this.window = window;
            this.sink = sink;
        }

        /** Passes on the event at {@code [start, end)}, whose fields {@code fields} holds, unless too large. */
        void passOn(long start, long end, HeaderFields fields) throws Exception {
            if (end - start > maxRecordBytes || !window.holds(start, end)) {
                reject(LogFileProblem.RECORD_TOO_LARGE, start, end);
                return;
            }
            CloudTrailRecord record = fields.record(index, null);
            sink.accept(sink.wantsBytes(record) ? record.withBytes(window.copy(start, end)) : record);
            accepted++;
            index++;
        }

        /**
         * Passes on an event that was not in the input as bytes but as a JSON string, now decoded: its fields are
         * read from the decoded bytes with a parser of their own, which also proves them one JSON object.
         */
        void passOnDecoded(byte[] event) throws Exception {
            if (event.length > maxRecordBytes) {
                reject(LogFileProblem.RECORD_TOO_LARGE, event);
                return;
            }
            headers.clear();
            LogFileProblem problem = null;
            try (JsonParser parser = factory.createParser(event)) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    problem = LogFileProblem.RECORD_NOT_AN_OBJECT;
                } else {
                    String field;
                    while ((field = parser.nextFieldName()) != null) {
                        if (!headers.pick(field, parser, parser.nextToken())) {
                            parser.skipChildren();
                        }
                    }
                    if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                        problem = LogFileProblem.INVALID_JSON;
                    }
                }
            } catch (StreamReadException | CharConversionException e) {
                problem = LogFileProblem.INVALID_JSON;
            }
            if (problem != null) {
                reject(problem, event);
                return;
            }
            sink.accept(headers.record(index, event));
            accepted++;
            index++;
        }

        void reject(LogFileProblem problem, byte[] element) throws Exception {
            String excerpt = new String(element, 0, Math.min(element.length, EXCERPT_BYTES), StandardCharsets.UTF_8);
            sink.reject(new RejectedRecord(index, problem, element.length, excerpt));
            rejected++;
            index++;
        }

        void reject(LogFileProblem problem, long start, long end) throws Exception {
            sink.reject(new RejectedRecord(index, problem, end - start, excerpt(window, start, end)));
            rejected++;
            index++;
        }
    }

    /**
     * The fields of a top-level object that make it an EventBridge event, picked up as it streams past: its
     * {@code detail-type} and {@code source}, and where its {@code detail} object lies, with that object's own
     * top-level fields (the event's). One instance serves every object of an input.
     */
    private static final class Envelope {
        final HeaderFields detail = new HeaderFields();
        String detailType;
        String source;
        long detailStart = -1;
        long detailEnd;

        void clear() {
            detailType = null;
            source = null;
            detailStart = -1;
        }

        /**
         * Takes the current value if {@code field} is one of EventBridge's, leaving the parser after it.
         *
         * @return false for any other field, which the caller handles
         */
        boolean pick(String field, JsonParser parser, JsonToken value) throws IOException {
            switch (field) {
                case "detail-type" -> detailType = text(parser, value);
                case "source" -> source = text(parser, value);
                case "detail" -> {
                    if (value != JsonToken.START_OBJECT) {
                        parser.skipChildren();
                        detailStart = -1;
                        return true;
                    }
                    detailStart = parser.currentTokenLocation().getByteOffset();
                    detail.clear();
                    String name;
                    while ((name = parser.nextFieldName()) != null) {
                        if (!detail.pick(name, parser, parser.nextToken())) {
                            parser.skipChildren();
                        }
                    }
                    if (parser.currentToken() != JsonToken.END_OBJECT) {
                        throw new LogFileException(LogFileProblem.INVALID_JSON, "detail is not closed");
                    }
                    detailEnd = parser.currentLocation().getByteOffset();
                }
                default -> {
                    return false;
                }
            }
            return true;
        }

        /** Whether the object is an EventBridge event at all: no CloudTrail event has these two fields. */
        boolean isEventBridge() {
            return detailType != null && source != null;
        }

        /** Whether it is one of CloudTrail's, with the event in {@code detail}. */
        boolean carriesEvent() {
            return detailStart >= 0 && EventBridgeDetailTypes.carriesCloudTrailEvent(detailType, source);
        }

        private static String text(JsonParser parser, JsonToken value) throws IOException {
            if (value == JsonToken.VALUE_STRING) {
                return parser.getText();
            }
            parser.skipChildren();
            return null;
        }
    }
}
