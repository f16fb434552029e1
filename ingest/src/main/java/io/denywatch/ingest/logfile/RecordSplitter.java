package io.denywatch.ingest.logfile;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;

import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Splits a decompressed CloudTrail log file, {@code {"Records":[{...},{...}]}}, into its events as a stream.
 *
 * <p>Each event is passed on as its original bytes, copied from a fixed-size window under the parser by the
 * parser's own byte offsets, so no event is ever re-serialised and memory does not grow with the file. While an
 * event streams past, its top-level string fields that later stages filter on are picked up; nested objects are
 * skipped without being read into memory, and strings nobody asked for are never decoded.
 *
 * <p>An element that is not an object, or an event larger than the limit, is reported to the sink and the file goes
 * on. A file that is not JSON, or whose {@code Records} is missing or not an array, fails with
 * {@link LogFileException}; the events before the damage have already been passed on.
 */
public final class RecordSplitter {

    /** Room for the parser's read-ahead beyond the largest record, so a record of the maximum size still fits. */
    private static final int READ_AHEAD_MARGIN = 64 * 1024;
    private static final int EXCERPT_BYTES = 512;

    private final JsonFactory factory;
    private final int maxRecordBytes;
    private final long maxFileBytes;

    /**
     * @param factory        the JSON factory (its stream read constraints apply)
     * @param maxRecordBytes largest record passed on; larger ones are rejected one by one
     * @param maxFileBytes   largest decompressed file; beyond it the file fails
     */
    public RecordSplitter(JsonFactory factory, int maxRecordBytes, long maxFileBytes) {
        this.factory = factory;
        this.maxRecordBytes = maxRecordBytes;
        this.maxFileBytes = maxFileBytes;
    }

    /**
     * Reads the whole file and passes every element of {@code Records} to the sink, in order.
     *
     * @return what was found
     * @throws LogFileException for a file that is not a CloudTrail log file
     * @throws IOException      when the underlying stream fails (not a property of the file)
     * @throws Exception        whatever the sink throws, unchanged
     */
    public SplitSummary split(InputStream decompressed, RecordSink sink) throws Exception {
        ByteWindow window = new ByteWindow(decompressed, maxRecordBytes + READ_AHEAD_MARGIN, maxFileBytes);
        Counts counts = new Counts();
        try (JsonParser parser = factory.createParser(window)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new LogFileException(LogFileProblem.NOT_AN_OBJECT, "the top level is not a JSON object");
            }
            if (parser.currentTokenLocation().getByteOffset() < 0) {
                // Jackson reads UTF-16 and UTF-32 through characters and has no byte offsets to copy records by;
                // CloudTrail writes UTF-8 only.
                throw new LogFileException(LogFileProblem.INVALID_JSON, "not UTF-8 (CloudTrail writes UTF-8)");
            }
            boolean sawRecords = false;
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("Records".equals(field) && !sawRecords) {
                    if (value != JsonToken.START_ARRAY) {
                        throw new LogFileException(LogFileProblem.RECORDS_NOT_ARRAY,
                                "Records is " + describe(value) + ", not an array");
                    }
                    sawRecords = true;
                    splitRecords(parser, window, sink, counts);
                } else {
                    parser.skipChildren();
                }
            }
            if (token != JsonToken.END_OBJECT) {
                throw new LogFileException(LogFileProblem.INVALID_JSON, "unexpected " + describe(token));
            }
            if (!sawRecords) {
                throw new LogFileException(LogFileProblem.NO_RECORDS, "no Records array at the top level");
            }
            if (parser.nextToken() != null) {
                throw new LogFileException(LogFileProblem.INVALID_JSON, "content after the top-level object");
            }
        } catch (StreamConstraintsException e) {
            throw new LogFileException(LogFileProblem.INVALID_JSON,
                    "after " + counts.accepted + " records: " + e.getOriginalMessage(), e);
        } catch (StreamReadException e) {
            throw new LogFileException(LogFileProblem.INVALID_JSON,
                    "after " + counts.accepted + " records, at byte " + e.getLocation().getByteOffset() + ": "
                            + e.getOriginalMessage(), e);
        } catch (CharConversionException e) {
            // Jackson takes bytes with zeros in the first four for UTF-16 or UTF-32 and decodes them itself; invalid
            // code units surface as this plain IOException, which would otherwise pass for a failure of the stream.
            throw new LogFileException(LogFileProblem.INVALID_JSON, "not UTF-8 JSON: " + e.getMessage(), e);
        }
        return new SplitSummary(counts.accepted, counts.rejected, window.total());
    }

    private void splitRecords(JsonParser parser, ByteWindow window, RecordSink sink, Counts counts) throws Exception {
        int index = 0;
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token == null) {
                throw new LogFileException(LogFileProblem.INVALID_JSON, "the Records array is not closed");
            }
            long start = parser.currentTokenLocation().getByteOffset();
            if (token == JsonToken.START_OBJECT) {
                CloudTrailRecord record = readRecord(parser, window, start, index);
                if (record != null) {
                    sink.accept(record);
                    counts.accepted++;
                } else {
                    long end = parser.currentLocation().getByteOffset();
                    sink.reject(new RejectedRecord(index, LogFileProblem.RECORD_TOO_LARGE, end - start,
                            excerpt(window, start, end)));
                    counts.rejected++;
                }
            } else {
                parser.skipChildren();
                // Strings are decoded lazily; finish the token so the end offset is after its closing quote.
                parser.finishToken();
                long end = parser.currentLocation().getByteOffset();
                sink.reject(new RejectedRecord(index, LogFileProblem.RECORD_NOT_AN_OBJECT, end - start,
                        excerpt(window, start, end)));
                counts.rejected++;
            }
            index++;
        }
    }

    /** Reads one record whose START_OBJECT is current; returns null when it is too large to pass on. */
    private CloudTrailRecord readRecord(JsonParser parser, ByteWindow window, long start, int index)
            throws IOException {
        String eventId = null;
        String errorCode = null;
        String eventSource = null;
        String eventName = null;
        String eventTime = null;
        String recipientAccountId = null;
        String field;
        while ((field = parser.nextFieldName()) != null) {
            JsonToken value = parser.nextToken();
            // A repeated name counts as its last value, as every JSON reader downstream takes it: a header must not
            // keep an earlier string when the event, as read, has a number or an object there.
            switch (field) {
                case "eventID" -> eventId = text(parser, value);
                case "errorCode" -> errorCode = text(parser, value);
                case "eventSource" -> eventSource = text(parser, value);
                case "eventName" -> eventName = text(parser, value);
                case "eventTime" -> eventTime = text(parser, value);
                case "recipientAccountId" -> recipientAccountId = text(parser, value);
                // Not needed downstream of the ingestor's headers: skipped, strings left undecoded.
                default -> parser.skipChildren();
            }
        }
        if (parser.currentToken() != JsonToken.END_OBJECT) {
            throw new LogFileException(LogFileProblem.INVALID_JSON, "record " + index + " is not closed");
        }
        long end = parser.currentLocation().getByteOffset();
        if (end - start > maxRecordBytes || !window.holds(start, end)) {
            return null;
        }
        return new CloudTrailRecord(index, window.copy(start, end), eventId, errorCode, eventSource, eventName,
                eventTime, recipientAccountId);
    }

    /** The current value if it is a string, else null after skipping it. */
    private static String text(JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            return parser.getText();
        }
        parser.skipChildren();
        return null;
    }

    private static String excerpt(ByteWindow window, long start, long end) {
        long stop = Math.min(end, start + EXCERPT_BYTES);
        if (!window.holds(start, stop)) {
            return "";
        }
        return new String(window.copy(start, stop), StandardCharsets.UTF_8);
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "end of input";
        }
        return switch (token) {
            case START_OBJECT -> "an object";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.asString() == null ? token.name() : token.asString();
        };
    }

    private static final class Counts {
        int accepted;
        int rejected;
    }
}
