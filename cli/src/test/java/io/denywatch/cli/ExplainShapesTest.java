package io.denywatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.denywatch.embedded.SampleLogFiles;
import io.denywatch.embedded.SavedEventShapes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code denywatch explain} over every shape saved CloudTrail comes in: each must explain the denials the same events
 * give as a delivery file, whatever the file is called and whether it is compressed.
 */
class ExplainShapesTest {

    /** The sample file delivered at 12:00: 27 EC2 denials among other calls and errors. */
    private static final String NAME = SampleLogFiles.names().stream()
            .filter(n -> n.contains("20230710T1200Z_iLj9fb7yyUG9X4Bf")).findFirst().orElseThrow();
    private static final byte[] DELIVERED = SampleLogFiles.bytes(NAME);

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(SavedEventShapes.class)
    void everyShapeGivesTheDenialsOfTheDeliveryFilePlainOrGzippedUnderAnyName(SavedEventShapes shape)
            throws Exception {
        CliRun expected = explain(write("delivered.json", DELIVERED));
        assertEquals(27, lines(expected).size(), "the fixture must hold denials for this test to mean anything");

        byte[] content = shape.of(DELIVERED);
        for (Path file : List.of(write("events.log", content), write("events", SampleLogFiles.gzip(content)))) {
            CliRun run = explain(file);
            assertEquals(0, run.code(), run.err());
            assertEquals(lines(expected), lines(run), file.toString());
            assertEquals(expected.err(), run.err());
        }
    }

    @Test
    void aLoneEventAndALoneEventBridgeEventGiveTheirDenialAsInTheDeliveryFile() throws Exception {
        List<String> expected = lines(explain(write("delivered.json", DELIVERED)));
        List<ObjectNode> events = SavedEventShapes.events(DELIVERED);
        ObjectNode denial = events.stream().filter(e -> e.path("errorCode").asText().endsWith("UnauthorizedOperation"))
                .findFirst().orElseThrow();
        String line = expected.stream().filter(l -> l.contains(denial.get("eventID").asText())).findFirst()
                .orElseThrow();
        for (JsonNode value : List.of(denial, SavedEventShapes.envelope(denial))) {
            CliRun run = explain(write("one.event", value.toString().getBytes(StandardCharsets.UTF_8)));
            assertEquals(0, run.code(), run.err());
            assertEquals(List.of(line), lines(run));
            assertTrue(run.err().contains("1 events, 1 denials, 0 not denials"), run.err());
        }
    }

    @Test
    void readsLookupEventsOutputFromStandardInputGzippedOrNot() throws Exception {
        List<String> expected = lines(explain(write("delivered.json", DELIVERED)));
        byte[] lookup = SavedEventShapes.LOOKUP_EVENTS.of(DELIVERED);
        for (byte[] input : List.of(lookup, SampleLogFiles.gzip(lookup))) {
            InputStream oldIn = System.in;
            try {
                System.setIn(new ByteArrayInputStream(input));
                CliRun run = CliRun.of("explain", "--json");
                assertEquals(0, run.code(), run.err());
                assertEquals(expected, lines(run));
            } finally {
                System.setIn(oldIn);
            }
        }
    }

    @Test
    void inputThatIsNoShapeOfCloudTrailsIsRefusedWithItsReason() throws Exception {
        CliRun text = explain(write("notes.txt", "hello".getBytes(StandardCharsets.UTF_8)));
        assertEquals(2, text.code(), text.err());
        assertTrue(text.err().contains("invalid_json"), text.err());

        CliRun s3 = explain(write("s3-event.json", ("{\"version\":\"0\",\"detail-type\":\"Object Created\","
                + "\"source\":\"aws.s3\",\"detail\":{\"bucket\":{\"name\":\"b\"}}}").getBytes(StandardCharsets.UTF_8)));
        assertEquals(2, s3.code(), s3.err());
        assertTrue(s3.err().contains("not_a_cloudtrail_event: element 0"), s3.err());
    }

    private Path write(String name, byte[] content) throws Exception {
        Path file = dir.resolve(name);
        Files.write(file, content);
        return file;
    }

    private static CliRun explain(Path file) {
        return CliRun.of("explain", "--json", file.toString());
    }

    private static List<String> lines(CliRun run) {
        String out = run.out().strip();
        return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }
}
