package io.denywatch.analyzer.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.denywatch.contract.denial.EnrichedDenial;
import io.denywatch.contract.denial.SourceRef;
import io.denywatch.common.config.Config;
import io.denywatch.common.json.Json;

class DenialClassifierTest {

    private final DenialClassifier classifier = new DenialClassifier();

    @Test
    void bytesAndTreeGiveTheSameDenial() {
        Events event = Events.denied("AccessDenied", "Access Denied").param("bucketName", "b");
        SourceRef source = new SourceRef("trail", "AWSLogs/x.json.gz");
        assertEquals(classifier.classify(event.json(), source), classifier.classify(event.bytes(), source));
    }

    @Test
    void theEventsFieldsAndSourceAreCarriedOver() {
        EnrichedDenial d = classifier.classify(Events.denied("AccessDenied", "Access Denied").bytes(),
                new SourceRef("trail", "k")).orElseThrow();
        assertEquals(EnrichedDenial.SCHEMA_VERSION, d.schemaVersion());
        assertEquals("11111111-2222-3333-4444-555555555555", d.eventId());
        assertEquals("2026-01-15T10:00:00Z", d.eventTime());
        assertEquals("s3.amazonaws.com", d.eventSource());
        assertEquals("PutObject", d.eventName());
        assertEquals("eu-west-1", d.awsRegion());
        assertEquals(Events.ACCOUNT, d.recipientAccountId());
        assertEquals("REQ123", d.requestId());
        assertEquals("198.51.100.7", d.sourceIpAddress());
        assertEquals("aws-cli/2.15.0", d.userAgent());
        assertEquals("AccessDenied", d.errorCode());
        assertEquals("Access Denied", d.errorMessage());
        assertEquals(new SourceRef("trail", "k"), d.source());
    }

    @Test
    void withoutSourceTheSourceIsNull() {
        assertNull(classifier.classify(Events.denied("AccessDenied", "Access Denied").json(), null).orElseThrow()
                .source());
    }

    @Test
    void nonDenialsGiveNothing() {
        assertTrue(classifier.classify(Events.succeeded("s3.amazonaws.com", "GetObject").json(), null).isEmpty());
        assertTrue(classifier.classify(Events.denied("ThrottlingException", "Rate exceeded").json(), null)
                .isEmpty());
        assertTrue(classifier.classify(Events.denied("Client.DryRunOperation", "Request would have succeeded, but"
                + " DryRun flag is set.").json(), null).isEmpty());
    }

    @Test
    void jsonThatIsNotAnObjectGivesNothing() {
        assertTrue(classifier.classify(Json.mapper().getNodeFactory().textNode("AccessDenied"), null).isEmpty());
        assertTrue(classifier.classify("[1,2]".getBytes(StandardCharsets.UTF_8), null).isEmpty());
        assertTrue(classifier.classify((JsonNode) null, null).isEmpty());
    }

    @Test
    void bytesThatAreNotJsonAreRefused() {
        MalformedEventException e = assertThrows(MalformedEventException.class,
                () -> classifier.classify("{\"errorCode\":".getBytes(StandardCharsets.UTF_8), null));
        assertTrue(e.getMessage().startsWith("event is not valid JSON"), e.getMessage());
    }

    @Test
    void configuredCodesDecide() {
        DenialClassifier custom = DenialClassifier.from(Config.of(Map.of("analyzer.authorization-codes",
                "Forbidden")));
        assertTrue(custom.classify(Events.denied("Forbidden", "no").json(), null).isPresent());
        assertTrue(custom.classify(Events.denied("AccessDenied", "no").json(), null).isEmpty());
    }

    @Test
    void oddlyTypedFieldsDoNotBreakClassification() {
        JsonNode event = Json.mapper().valueToTree(Map.of("errorCode", "AccessDenied", "userIdentity", "nobody",
                "resources", Map.of("ARN", 5), "requestParameters", List.of(1), "errorMessage", 42));
        EnrichedDenial d = classifier.classify(event, null).orElseThrow();
        assertNull(d.principal().arn());
        assertEquals("42", d.errorMessage());
        assertTrue(d.resources().isEmpty());
    }

    @Test
    void classifyingTheRealDenialsFitsTheStreamingBudget() {
        List<byte[]> denials = new ArrayList<>();
        for (JsonNode event : RealEvents.invictus()) {
            if (classifier.classify(event, null).isPresent()) {
                denials.add(event.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
        assertEquals(60, denials.size());
        run(denials, 20_000);
        int rounds = 50_000;
        long start = System.nanoTime();
        int explained = run(denials, rounds);
        double seconds = (System.nanoTime() - start) / 1e9;
        double perSecond = rounds / seconds;
        System.out.printf("classify(byte[]) on real denials: %.0f/s (%.1f us each)%n", perSecond,
                seconds * 1e6 / rounds);
        assertEquals(rounds, explained);
        // The streaming topology's budget is 3,000 events/s per core; measured rates are far above it.
        assertTrue(perSecond > 3_000, "only " + perSecond + " denials/s");
    }

    private int run(List<byte[]> denials, int rounds) {
        int explained = 0;
        for (int i = 0; i < rounds; i++) {
            if (classifier.classify(denials.get(i % denials.size()), null).isPresent()) {
                explained++;
            }
        }
        return explained;
    }
}
