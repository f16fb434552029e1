package io.denywatch.analyzer.classify;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.denywatch.embedded.SampleLogFiles;

/** The real CloudTrail events the tests run on. */
final class RealEvents {

    private static final String PANTHER = "/cloudtrail/panther-analysis-tests/";

    private RealEvents() {
    }

    /** Every record of the 55 bundled invictus-ir delivery files, in delivery order. */
    static List<JsonNode> invictus() {
        List<JsonNode> events = new ArrayList<>();
        for (String name : SampleLogFiles.names()) {
            try (EventReader reader = EventReader.open(new ByteArrayInputStream(SampleLogFiles.bytes(name)))) {
                reader.forEachRemaining(events::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return events;
    }

    /** The {@code record} of every panther-analysis test case copied into the test resources. */
    static List<JsonNode> panther() {
        List<JsonNode> events = new ArrayList<>();
        for (String file : lines(PANTHER + "index.txt")) {
            try (InputStream in = open(PANTHER + file); EventReader reader = EventReader.open(in)) {
                reader.forEachRemaining(testCase -> events.add(testCase.get("record")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return events;
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
