package io.denywatch.analyzer.classify;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;

import io.denywatch.common.cloudtrail.CloudTrailReader;
import io.denywatch.common.cloudtrail.CloudTrailRecord;
import io.denywatch.common.cloudtrail.RecordSink;
import io.denywatch.common.cloudtrail.RejectedRecord;
import io.denywatch.common.cloudtrail.Shape;
import io.denywatch.common.json.Json;
import io.denywatch.embedded.SampleLogFiles;

/** The real CloudTrail events the tests run on. */
final class RealEvents {

    private static final String PANTHER = "/cloudtrail/panther-analysis-tests/";
    /** Delivery files for the invictus-ir set, one test case a line for panther's. */
    private static final CloudTrailReader READER = CloudTrailReader.accepting(
            EnumSet.of(Shape.DELIVERY_FILE, Shape.NDJSON), 256 * 1024, Long.MAX_VALUE);

    private RealEvents() {
    }

    /** Every record of the 55 bundled invictus-ir delivery files, in delivery order. */
    static List<JsonNode> invictus() {
        List<JsonNode> events = new ArrayList<>();
        for (String name : SampleLogFiles.names()) {
            read(new ByteArrayInputStream(SampleLogFiles.bytes(name)), events::add);
        }
        return events;
    }

    /** The {@code record} of every panther-analysis test case copied into the test resources. */
    static List<JsonNode> panther() {
        List<JsonNode> events = new ArrayList<>();
        for (String file : lines(PANTHER + "index.txt")) {
            try (InputStream in = open(PANTHER + file)) {
                read(in, testCase -> events.add(testCase.get("record")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return events;
    }

    private static void read(InputStream in, Consumer<JsonNode> events) {
        try {
            READER.read(in, new RecordSink() {
                @Override
                public void accept(CloudTrailRecord record) throws IOException {
                    events.accept(Json.mapper().readTree(record.bytes()));
                }

                @Override
                public void reject(RejectedRecord rejected) {
                    throw new IllegalStateException("a test input holds an element that is no event: " + rejected);
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException("a test input cannot be read", e);
        }
    }

    private static List<String> lines(String resource) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(open(resource),
                StandardCharsets.UTF_8))) {
            return reader.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String resource) throws IOException {
        InputStream in = RealEvents.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IOException(resource + " is missing from the test resources");
        }
        return in;
    }
}
