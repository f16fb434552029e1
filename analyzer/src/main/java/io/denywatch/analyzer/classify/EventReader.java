package io.denywatch.analyzer.classify;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.denywatch.common.json.Json;

/**
 * Reads CloudTrail events one at a time from whatever a person hands to {@code denywatch explain}: a delivery file
 * ({@code {"Records":[...]}}, plain or gzip), newline-delimited JSON (one event per line), a single event, or a JSON
 * array of events, from a file or from standard input.
 *
 * <p>Gzip is recognised by its magic bytes, not by a file name. The JSON is read by Jackson's streaming parser: only
 * the current event is ever held as a tree, so a file of any size reads in constant memory. Several top-level values
 * in a row (NDJSON, or concatenated files) are read in turn, each as whichever shape it is.
 *
 * <p>Anything else (text that is not JSON, a top-level string, a {@code Records} element that is not an object, a
 * damaged gzip stream) ends the iteration with an {@link UnreadableInputException} that says what and where; events
 * before the damage have been returned already.
 */
public final class EventReader implements Iterator<JsonNode>, Closeable {

    private static final int GZIP_MAGIC_1 = 0x1f;
    private static final int GZIP_MAGIC_2 = 0x8b;
    private static final String RECORDS = "Records";

    private final JsonParser parser;
    private final ObjectMapper mapper = Json.mapper();
    /** Events already read but not yet returned: only for a wrapper whose {@code Records} is not its first field. */
    private final Deque<JsonNode> pending = new ArrayDeque<>();
    private State state = State.TOP;
    private boolean insideWrapper;
    private JsonNode next;
    private long returned;

    private enum State {
        /** Between top-level values. */
        TOP,
        /** Inside an array of events: a top-level array or a {@code Records} array. */
        ARRAY,
        /** Nothing more to read. */
        DONE
    }

    private EventReader(JsonParser parser) {
        this.parser = parser;
    }

    /**
     * Reads from a stream, which the reader closes when it is closed.
     *
     * @throws IOException when the first bytes cannot be read
     */
    public static EventReader open(InputStream in) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, 64 * 1024);
        InputStream source = isGzip(buffered) ? gunzip(buffered) : buffered;
        return new EventReader(Json.factory().createParser(source));
    }

    /**
     * Reads a file.
     *
     * @throws IOException when the file cannot be opened
     */
    public static EventReader open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        try {
            return open(in);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** The remaining events as a stream; closing the stream closes this reader. */
    public Stream<JsonNode> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL),
                false).onClose(() -> {
                    try {
                        close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    /**
     * {@inheritDoc}
     *
     * @throws UnreadableInputException when the input is not (or no longer) CloudTrail events
     */
    @Override
    public boolean hasNext() {
        if (next == null) {
            next = advance();
        }
        return next != null;
    }

    /**
     * {@inheritDoc}
     *
     * @throws UnreadableInputException when the input is not (or no longer) CloudTrail events
     */
    @Override
    public JsonNode next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        JsonNode event = next;
        next = null;
        returned++;
        return event;
    }

    @Override
    public void close() throws IOException {
        state = State.DONE;
        parser.close();
    }

    private JsonNode advance() {
        try {
            while (true) {
                if (!pending.isEmpty()) {
                    return pending.poll();
                }
                switch (state) {
                    case DONE:
                        return null;
                    case ARRAY:
                        JsonNode element = nextElement();
                        if (element != null) {
                            return element;
                        }
                        break;
                    default:
                        JsonNode event = nextTopLevel();
                        if (event != null) {
                            return event;
                        }
                        break;
                }
            }
        } catch (StreamConstraintsException e) {
            state = State.DONE;
            throw new UnreadableInputException("input exceeds a JSON limit after " + returned + " events: "
                    + e.getOriginalMessage(), e);
        } catch (StreamReadException e) {
            state = State.DONE;
            throw new UnreadableInputException("not valid JSON " + where(e.getLocation()) + " after " + returned
                    + " events: " + e.getOriginalMessage(), e);
        } catch (ZipException | EOFException e) {
            state = State.DONE;
            throw new UnreadableInputException("gzip data is damaged or cut short after " + returned + " events: "
                    + e.getMessage(), e);
        } catch (IOException e) {
            state = State.DONE;
            throw new UnreadableInputException("input cannot be read after " + returned + " events: "
                    + e.getMessage(), e);
        }
    }

    /** Reads the next top-level value; returns an event, or null when it opened an array or ended the input. */
    private JsonNode nextTopLevel() throws IOException {
        JsonToken token = parser.nextToken();
        if (token == null) {
            state = State.DONE;
            return null;
        }
        if (token == JsonToken.START_ARRAY) {
            state = State.ARRAY;
            insideWrapper = false;
            return null;
        }
        if (token != JsonToken.START_OBJECT) {
            throw unreadable("the top-level value is " + describe(token) + ", not an event, an array of events or"
                    + " a CloudTrail file");
        }
        JsonToken first = parser.nextToken();
        if (first == JsonToken.FIELD_NAME && RECORDS.equals(parser.currentName())) {
            if (parser.nextToken() == JsonToken.START_ARRAY) {
                state = State.ARRAY;
                insideWrapper = true;
                return null;
            }
            return restOfObject(RECORDS, mapper.readTree(parser));
        }
        if (first == JsonToken.END_OBJECT) {
            return mapper.createObjectNode();
        }
        String name = parser.currentName();
        parser.nextToken();
        return restOfObject(name, mapper.readTree(parser));
    }

    /**
     * Reads the rest of an object whose first field was already read. When {@code Records} turns out to be a later
     * field, the object is a delivery file written in an unusual order: its events are queued, the only case where
     * more than one event is held at once.
     */
    private JsonNode restOfObject(String firstName, JsonNode firstValue) throws IOException {
        ObjectNode object = mapper.createObjectNode();
        object.set(firstName, firstValue == null ? NullNode.getInstance() : firstValue);
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            JsonNode value = mapper.readTree(parser);
            object.set(name, value == null ? NullNode.getInstance() : value);
        }
        JsonNode records = object.get(RECORDS);
        if (records != null && records.isArray() && !object.has("eventVersion")) {
            int index = 0;
            for (JsonNode record : records) {
                if (!record.isObject()) {
                    throw unreadable("Records element " + index + " is " + describe(record) + ", not an event");
                }
                pending.add(record);
                index++;
            }
            return null;
        }
        return object;
    }

    /** The next element of the current array, or null at its end. */
    private JsonNode nextElement() throws IOException {
        JsonToken token = parser.nextToken();
        if (token == JsonToken.END_ARRAY) {
            if (insideWrapper) {
                skipRestOfWrapper();
            }
            state = State.TOP;
            return null;
        }
        if (token == null) {
            throw unreadable("the input ends inside an array");
        }
        if (token != JsonToken.START_OBJECT) {
            throw unreadable("an array element is " + describe(token) + ", not an event");
        }
        return mapper.readTree(parser);
    }

    /** After {@code Records}, a delivery file may have other fields; they are skipped unread. */
    private void skipRestOfWrapper() throws IOException {
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            parser.nextToken();
            parser.skipChildren();
        }
        if (token != JsonToken.END_OBJECT) {
            throw unreadable("the CloudTrail file is not closed");
        }
    }

    private UnreadableInputException unreadable(String what) {
        state = State.DONE;
        return new UnreadableInputException(what + " " + where(parser.currentTokenLocation()) + " after " + returned
                + " events");
    }

    private static String where(JsonLocation location) {
        if (location == null) {
            return "";
        }
        return "(line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static String describe(JsonToken token) {
        switch (token) {
            case START_ARRAY:
                return "an array";
            case START_OBJECT:
                return "an object";
            case VALUE_STRING:
                return "a string";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return "a number";
            case VALUE_TRUE:
            case VALUE_FALSE:
                return "a boolean";
            case VALUE_NULL:
                return "null";
            default:
                return token.name();
        }
    }

    private static String describe(JsonNode node) {
        return node.isNull() ? "null" : "a " + node.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    private static boolean isGzip(BufferedInputStream in) throws IOException {
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        return b1 == GZIP_MAGIC_1 && b2 == GZIP_MAGIC_2;
    }

    private static InputStream gunzip(InputStream in) throws IOException {
        try {
            return new GZIPInputStream(in, 64 * 1024);
        } catch (ZipException | EOFException e) {
            throw new UnreadableInputException("gzip data is damaged: " + e.getMessage(), e);
        }
    }
}
