package io.denywatch.cli.lookup;

import com.fasterxml.jackson.databind.JsonNode;
import io.denywatch.cli.CliRun;
import io.denywatch.common.json.Json;
import io.denywatch.embedded.SampleLogFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code explain --lookup} through the real AWS SDK CloudTrail client against a local endpoint serving the event
 * history of the bundled real sample (2,900 management events), pointed there by the SDK's standard endpoint
 * variable ({@code aws.endpointUrlCloudTrail}, the system property of {@code AWS_ENDPOINT_URL_CLOUDTRAIL}).
 * Expected denials are counted here from the records' error codes, independently of the classifier.
 */
class ExplainLookupTest {

    private static final String BERT_JAN = "arn:aws:iam::123837392027:user/bert-jan";
    private static List<JsonNode> records;

    private CloudTrailHistoryEndpoint endpoint;

    @BeforeAll
    static void readSample() {
        records = new ArrayList<>();
        for (String name : SampleLogFiles.names()) {
            try {
                Json.mapper().readTree(SampleLogFiles.bytes(name)).get("Records").forEach(records::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @BeforeEach
    void startEndpoint() throws IOException {
        // A fresh endpoint per test: its throttling bucket must see one command's requests only.
        endpoint = new CloudTrailHistoryEndpoint(records);
        System.setProperty("aws.endpointUrlCloudTrail", endpoint.uri().toString());
        System.setProperty("aws.accessKeyId", "AKIAIOSFODNN7EXAMPLE");
        System.setProperty("aws.secretAccessKey", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    }

    @AfterEach
    void stopEndpoint() {
        System.clearProperty("aws.endpointUrlCloudTrail");
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        endpoint.close();
    }

    @Test
    void explainsTheDenialsOfOneApiFromTheEventHistory() {
        CliRun run = CliRun.of("explain", "--lookup", "--start", "2023-07-10", "--end", "2023-07-11",
                "--event-name", "GetPasswordData", "--region", "us-east-1", "--json");

        assertEquals(0, run.code(), run.err());
        Set<String> expected = expectedDenials(r -> r.path("eventName").asText().equals("GetPasswordData"));
        assertEquals(29, expected.size(), "the sample must hold denials for this test to mean anything");
        assertEquals(expected, eventIds(run.out()));
        assertTrue(run.err().contains("29 denials"), run.err());
        assertWithinTheApiLimits();
        JsonNode sent = endpoint.requests().get(0).body();
        assertEquals("EventName", sent.at("/LookupAttributes/0/AttributeKey").asText());
        assertEquals("GetPasswordData", sent.at("/LookupAttributes/0/AttributeValue").asText());
    }

    @Test
    void filtersThePrincipalOnWhatComesBackAcrossPages() {
        CliRun run = CliRun.of("explain", "--lookup", "--start", "2023-07-10", "--end", "2023-07-11",
                "--event-source", "sts.amazonaws.com", "--principal", BERT_JAN, "--region", "us-east-1", "--json");

        assertEquals(0, run.code(), run.err());
        Set<String> expected = expectedDenials(r -> r.path("eventSource").asText().equals("sts.amazonaws.com")
                && r.path("userIdentity").path("arn").asText().equals(BERT_JAN));
        assertEquals(13, expected.size(), "the sample must hold this user's STS denials");
        assertEquals(expected, eventIds(run.out()));
        // 64 STS events: two pages, the second asked for with the first's token.
        assertEquals(2, endpoint.requests().size());
        assertEquals("50", endpoint.requests().get(1).body().path("NextToken").asText());
        assertWithinTheApiLimits();

        CliRun nobody = CliRun.of("explain", "--lookup", "--start", "2023-07-10", "--end", "2023-07-11",
                "--event-source", "sts.amazonaws.com", "--principal", "arn:aws:iam::123837392027:role/nobody",
                "--region", "us-east-1", "--json");
        assertEquals(0, nobody.code(), nobody.err());
        assertEquals("", nobody.out().strip());
    }

    @Test
    void stopsAtMaxEventsAndSaysSo() {
        CliRun run = CliRun.of("explain", "--lookup", "--start", "2023-07-10", "--end", "2023-07-11",
                "--event-source", "ec2.amazonaws.com", "--max-events", "120", "--region", "us-east-1");

        assertEquals(0, run.code(), run.err());
        assertEquals(List.of(50, 50, 20), endpoint.requests().stream()
                .map(r -> r.body().path("MaxResults").asInt()).toList());
        assertTrue(run.err().contains("120 events from CloudTrail"), run.err());
        assertTrue(run.err().contains("Stopped at --max-events 120"), run.err());
        assertWithinTheApiLimits();
    }

    @Test
    void refusesWhatCloudTrailCannotDoBeforeAskingIt() {
        CliRun two = CliRun.of("explain", "--lookup", "--event-name", "GetObject", "--username", "alice",
                "--region", "us-east-1");
        assertEquals(2, two.code());
        assertTrue(two.err().contains("one of them per lookup"), two.err());

        CliRun withoutLookup = CliRun.of("explain", "--principal", BERT_JAN, "-");
        assertEquals(2, withoutLookup.code());
        assertTrue(withoutLookup.err().contains("go with --lookup"), withoutLookup.err());

        CliRun both = CliRun.of("explain", "--lookup", "some-file.json", "--region", "us-east-1");
        assertEquals(2, both.code());
        assertTrue(both.err().contains("--lookup reads CloudTrail, not FILE"), both.err());
        assertEquals(0, endpoint.requests().size());
    }

    @Test
    void helpSaysManagementEventsOnlyAndPointsAtScan() {
        CliRun help = CliRun.of("explain", "--help");
        assertTrue(help.out().contains("Management events only"), help.out());
        assertTrue(help.out().contains("denywatch scan"), help.out());
    }

    private void assertWithinTheApiLimits() {
        assertTrue(endpoint.requests().stream().allMatch(CloudTrailHistoryEndpoint.Request::signed),
                "every request is signed with the caller's credentials");
        assertTrue(endpoint.requests().stream().allMatch(r -> r.body().path("MaxResults").asInt() <= 50),
                "pages hold 50 events at most");
        assertEquals(0, endpoint.throttled(), "no request beyond two a second");
    }

    private static Set<String> expectedDenials(Predicate<JsonNode> selected) {
        return records.stream().filter(selected).filter(r -> {
            String code = r.path("errorCode").asText();
            return code.startsWith("AccessDenied") || code.endsWith("UnauthorizedOperation");
        }).map(r -> r.path("eventID").asText()).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> eventIds(String ndjson) {
        Set<String> ids = new TreeSet<>();
        for (String line : ndjson.strip().split("\n")) {
            if (!line.isBlank()) {
                try {
                    ids.add(Json.mapper().readTree(line).path("eventId").asText());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return ids;
    }
}
