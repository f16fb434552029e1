package io.denywatch.common.cloudtrail;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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
 * <p>A top-level object with a {@code Records} array is a delivery file (when delivery files are taken); any other
 * top-level object is an event (when single events or NDJSON are taken). An element that is not an object, or an
 * event larger than the limit, is reported to the sink and the input goes on. Input that is not JSON, or of a shape
 * this splitter does not take, fails with {@link LogFileException}; the events before the damage have already been
 * passed on.
 */
public final class RecordSplitter {

    /** Room for the parser's read-ahead beyond the largest record, so a record of the maximum size still fits. */
    private static final int READ_AHEAD_MARGIN = 64 * 1024;
    private static final int EXCERPT_BYTES = 512;
    private static final String RECORDS = "Records";

    private final JsonFactory factory;
    private final int maxRecordBytes;
    private final long maxFileBytes;
    private final EnumSet<Shape> shapes;
    private final boolean takesFiles;
    private final boolean takesEvents;
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
        this.factory = factory;
        this.maxRecordBytes = maxRecordBytes;
        this.maxFileBytes = maxFileBytes;
        this.shapes = EnumSet.copyOf(shapes);
        this.takesFiles = shapes.contains(Shape.DELIVERY_FILE);
        this.takesEvents = shapes.contains(Shape.SINGLE_EVENT) || shapes.contains(Shape.NDJSON);
        this.expected = describe(this.shapes);
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
            readTopLevelObject(parser, pass);
        } else if (token == JsonToken.START_ARRAY && shapes.contains(Shape.ARRAY)) {
            splitElements(parser, pass, "the array");
        } else {
            throw new LogFileException(LogFileProblem.NOT_AN_OBJECT,
                    "the top level is " + describe(token) + ", not " + expected);
        }
    }

    /**
     * Reads a top-level object: a delivery file once a {@code Records} array turns up, else an event. The event's
     * fields are picked up on the way, so deciding costs no second pass.
     */
    private void readTopLevelObject(JsonParser parser, Pass pass) throws Exception {
        long start = parser.currentTokenLocation().getByteOffset();
        boolean file = false;
        pass.headers.clear();
        String field;
        while ((field = parser.nextFieldName()) != null) {
            JsonToken value = parser.nextToken();
            if (takesFiles && !file && RECORDS.equals(field)) {
                if (value == JsonToken.START_ARRAY) {
                    file = true;
                    splitElements(parser, pass, "the Records array");
                    continue;
                }
                if (!takesEvents) {
                    throw new LogFileException(LogFileProblem.RECORDS_NOT_ARRAY,
                            "Records is " + describe(value) + ", not an array");
                }
            }
            // Only an event's fields are worth decoding; a delivery file's others are skipped unread.
            if (file || !takesEvents || !pass.headers.pick(field, parser, value)) {
                parser.skipChildren();
            }
        }
        if (parser.currentToken() != JsonToken.END_OBJECT) {
            throw new LogFileException(LogFileProblem.INVALID_JSON, "unexpected " + describe(parser.currentToken()));
        }
        if (file) {
            return;
        }
        if (!takesEvents) {
            String found = takesFiles ? withoutRecords(parser) : "the top level is an object";
            throw new LogFileException(LogFileProblem.NO_RECORDS, found + ", not " + expected);
        }
        pass.passOn(start, parser.currentLocation().getByteOffset());
    }

    /** Passes on the elements of the array whose START_ARRAY is current. */
    private void splitElements(JsonParser parser, Pass pass, String array) throws Exception {
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token == null) {
                throw new LogFileException(LogFileProblem.INVALID_JSON, array + " is not closed");
            }
            long start = parser.currentTokenLocation().getByteOffset();
            if (token == JsonToken.START_OBJECT) {
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
        pass.passOn(start, parser.currentLocation().getByteOffset());
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
        /** Position of the next event or element in the input, from 0. */
        int index;
        int accepted;
        int rejected;

        Pass(ByteWindow window, RecordSink sink) {
            this.window = window;
            this.sink = sink;
        }

        /** Passes on the event at {@code [start, end)}, whose fields {@link #headers} holds, unless too large. */
        void passOn(long start, long end) throws Exception {
            if (end - start > maxRecordBytes || !window.holds(start, end)) {
                reject(LogFileProblem.RECORD_TOO_LARGE, start, end);
                return;
            }
            sink.accept(headers.record(index, window.copy(start, end)));
            accepted++;
            index++;
        }

        void reject(LogFileProblem problem, long start, long end) throws Exception {
            sink.reject(new RejectedRecord(index, problem, end - start, excerpt(window, start, end)));
            rejected++;
            index++;
        }
    }
}
