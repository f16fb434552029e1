package io.denywatch.analyzer.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import io.denywatch.contract.denial.DenialJson;
import io.denywatch.contract.denial.EnrichedDenial;
import io.denywatch.contract.denial.SourceRef;
import io.denywatch.common.json.Json;

/** Real output against the published JSON Schema, read as a downstream consumer would read it. */
class EnrichedDenialSchemaTest {

    private static JsonSchema schema;
    private static JsonNode sample;

    private final DenialClassifier classifier = new DenialClassifier();

    @BeforeAll
    static void loadSchema() throws IOException {
        try (InputStream in = DenialJson.schema()) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
        EnrichedDenial denial = new DenialClassifier().classify(Events.denied("AccessDenied", "User: "
                + Events.SESSION_ARN + " is not authorized to perform: s3:PutObject on resource:"
                + " \"arn:aws:s3:::reports/q1.csv\" with an explicit deny in a service control policy:"
                + " arn:aws:organizations::111111111111:policy/o-abcd1234/service_control_policy/p-abcd1234. Go to"
                + " https://console.aws.amazon.com/iam/home#/authorization-details/abc123 for complete details, or"
                + " call the GetRequestAuthorizationDetails API with the following authorization id: abc123").json(),
                new SourceRef("trail", "AWSLogs/f.json.gz")).orElseThrow();
        sample = Json.mapper().readTree(DenialJson.toBytes(denial));
    }

    @Test
    void everyRealDenialMatchesTheSchema() throws IOException {
        List<JsonNode> events = new ArrayList<>(RealEvents.invictus());
        events.addAll(RealEvents.panther());
        int checked = 0;
        for (JsonNode event : events) {
            Optional<EnrichedDenial> denial = classifier.classify(event, new SourceRef("bucket", "key"));
            if (denial.isPresent()) {
                JsonNode json = Json.mapper().readTree(DenialJson.toBytes(denial.get()));
                assertEquals(Set.of(), schema.validate(json), json.toString());
                checked++;
            }
        }
        assertEquals(60 + 48, checked);
    }

    @Test
    void aDenialWithEveryOptionalPartMatchesTheSchema() {
        assertEquals(Set.of(), schema.validate(sample));
        assertEquals("abc123", sample.at("/diagnosis/authorizationId").asText());
        assertEquals("trail", sample.at("/source/bucket").asText());
    }

    @Test
    void aWrongEnumValueIsCaught() {
        assertInvalid(d -> ((ObjectNode) d.get("diagnosis")).put("fixLocation", "SOMEWHERE"));
        assertInvalid(d -> d.put("category", "DENIED"));
        assertInvalid(d -> ((ObjectNode) d.get("diagnosis")).put("denyKind", "explicit"));
    }

    @Test
    void aMissingRequiredFieldIsCaught() {
        assertInvalid(d -> ((ObjectNode) d.get("diagnosis")).remove("fixLocation"));
        assertInvalid(d -> ((ObjectNode) d.get("principal")).remove("identityArn"));
        assertInvalid(d -> d.remove("eventId"));
    }

    @Test
    void anUnknownFieldOrWrongTypeIsCaught() {
        assertInvalid(d -> d.put("extra", 1));
        assertInvalid(d -> d.put("schemaVersion", 2));
        assertInvalid(d -> ((ObjectNode) d.get("principal")).put("crossAccount", "false"));
        assertInvalid(d -> d.putArray("resources").add("not-an-arn"));
        assertInvalid(d -> ((ObjectNode) d.get("diagnosis").get("encodedMessage")).remove("truncated"));
    }

    @Test
    void theJsonCarriesEveryContractFieldByNameInOrder() {
        List<String> names = new ArrayList<>();
        sample.fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("schemaVersion", "eventId", "eventTime", "eventSource", "eventName", "awsRegion",
                "recipientAccountId", "requestId", "sourceIpAddress", "userAgent", "errorCode", "errorMessage",
                "category", "principal", "action", "resources", "resourceFamily", "diagnosis", "source"), names);
        List<String> principal = new ArrayList<>();
        sample.get("principal").fieldNames().forEachRemaining(principal::add);
        assertEquals(List.of("arn", "identityArn", "type", "accountId", "sessionName", "invokedBy", "crossAccount"),
                principal);
        assertTrue(sample.get("principal").has("invokedBy") && sample.get("principal").get("invokedBy").isNull(),
                "null fields are written as null");
    }

    @Test
    void theJsonReadsBackToTheSameDenial() throws IOException {
        EnrichedDenial denial = classifier.classify(Events.denied("AccessDenied", "Access Denied").json(), null)
                .orElseThrow();
        assertEquals(denial, DenialJson.fromBytes(DenialJson.toBytes(denial)));
    }

    private static void assertInvalid(Consumer<ObjectNode> damage) {
        ObjectNode copy = sample.deepCopy();
        damage.accept(copy);
        Set<ValidationMessage> errors = schema.validate(copy);
        assertFalse(errors.isEmpty(), "schema accepted " + copy);
    }
}
