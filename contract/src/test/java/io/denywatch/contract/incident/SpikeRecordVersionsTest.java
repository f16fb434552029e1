package io.denywatch.contract.incident;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.denywatch.common.json.Json;
import io.denywatch.contract.Topics;
import io.denywatch.contract.denial.PolicyType;
import io.denywatch.contract.denial.Resolution;
import io.denywatch.contract.denial.StatementFinding;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every published version of the incident message reads as today's record, and today's record — with or without a
 * lookup's answer — is what the version-3 schema describes.
 */
class SpikeRecordVersionsTest {

    private static final String V1_MESSAGE = """
            {"schemaVersion":1,"incidentId":"dw-0123456789abcdef","state":"OPEN","severity":"HIGH",
             "dimension":"principal","key":{"principal":"arn:aws:iam::123456789012:role/deploy","action":null,
             "resourceFamily":null,"account":null},"windowStart":"2026-03-02T10:00:00Z",
             "windowEnd":"2026-03-02T10:05:00Z","count":42,"baseline":1.5,"firstSeen":"2026-03-02T10:00:07Z",
             "lastSeen":"2026-03-02T10:04:58Z","openedAt":"2026-03-02T10:03:00Z","principalArn":null,
             "topActions":[],"topResources":[],"topResourceFamilies":[],"topErrorMessages":[],"topPolicyTypes":[],
             "sampleEventIds":[],"sampleRequestIds":[],
             "diagnosis":{"denyKind":"EXPLICIT","policyType":"SERVICE_CONTROL_POLICY","fixLocation":"ORGANIZATION",
             "policyArn":null,"advice":"An SCP blocks this.","nextSteps":[]}}""";

    private static JsonSchema schema(String resource) throws IOException {
        try (InputStream in = SpikeRecord.class.getResourceAsStream(resource)) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
    }

    private static SpikeRecord current() {
        Instant t0 = Instant.parse("2026-03-02T10:00:00Z");
        return new SpikeRecord(SpikeRecord.SCHEMA_VERSION, "dw-0123456789abcdef", SpikeRecord.State.OPEN,
                SpikeRecord.Severity.HIGH, "principal",
                new SpikeRecord.Key("arn:aws:iam::123456789012:role/deploy", null, null, null), t0,
                t0.plusSeconds(300), 42, 1.5, t0.plusSeconds(7), t0.plusSeconds(298), t0.plusSeconds(180), null,
                List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                new SpikeRecord.Reason("EXPLICIT", "SERVICE_CONTROL_POLICY", "ORGANIZATION", null,
                        "An SCP blocks this.", List.of()),
                318, 120, t0.plusSeconds(120), t0.plusSeconds(7), t0.plusSeconds(880), null);
    }

    static Resolution resolution() throws IOException {
        JsonNode statement = Json.mapper().readTree("""
                {"Sid":"DenyUnencryptedPuts","Effect":"Deny","Action":"s3:PutObject","Resource":"*",
                 "Condition":{"StringNotEquals":{"s3:x-amz-server-side-encryption":"aws:kms"}}}""");
        return new Resolution(Resolution.Outcome.RESOLVED, Resolution.Method.POLICY_DOCUMENTS,
                "DenyUnencryptedPuts in p-deny0001 denies s3:PutObject without SSE-KMS.",
                List.of(new StatementFinding("arn:aws:organizations::111111111111:policy/o-abc/service_control_policy/"
                        + "p-deny0001", PolicyType.SERVICE_CONTROL_POLICY, "DenyUnencryptedPuts", "Deny", statement,
                        StatementFinding.Verdict.DENIES, "Matches s3:PutObject on every resource.",
                        List.of(new StatementFinding.ConditionCheck("StringNotEquals",
                                "s3:x-amz-server-side-encryption", List.of("aws:kms"), "AES256",
                                StatementFinding.ConditionCheck.Outcome.HOLDS)))),
                List.of("The simulator was not needed."));
    }

    @Test
    void aVersionOneMessageStillReadsWithItsWindowAsItsSize() throws IOException {
        assertEquals(Set.of(), schema(Topics.SPIKES_SCHEMA_V1).validate(Json.mapper().readTree(V1_MESSAGE)));

        SpikeRecord read = Json.mapper().readValue(V1_MESSAGE, SpikeRecord.class);

        assertEquals(1, read.schemaVersion());
        assertEquals(42, read.total());
        assertNull(read.resolution());
        assertEquals("EXPLICIT", read.diagnosis().denyKind());
    }

    @Test
    void aVersionTwoMessageStillReadsAndHasNoResolution() throws IOException {
        ObjectNode v2 = Json.mapper().valueToTree(current());
        v2.put("schemaVersion", 2);
        assertEquals(Set.of(), schema(Topics.SPIKES_SCHEMA_V2).validate(v2));

        SpikeRecord read = Json.mapper().treeToValue(v2, SpikeRecord.class);

        assertEquals(2, read.schemaVersion());
        assertEquals(318, read.total());
        assertNull(read.resolution());
    }

    @Test
    void aMessageWithoutAResolutionLeavesItOutAndMatchesVersionThree() throws IOException {
        JsonNode json = Json.mapper().valueToTree(current());

        assertEquals(3, json.get("schemaVersion").asInt());
        assertFalse(json.get("diagnosis").has("resolution"), json.toString());
        assertFalse(json.get("diagnosis").has("statements"), json.toString());
        assertEquals(Set.of(), schema(Topics.SPIKES.schema()).validate(json));
    }

    @Test
    void aResolutionTravelsWholeAndMatchesVersionThreeWithExactlyTheFindingsFields() throws IOException {
        SpikeRecord resolved = current().withResolution(resolution());
        JsonNode json = Json.mapper().valueToTree(resolved);

        assertEquals(Set.of(), schema(Topics.SPIKES.schema()).validate(json));
        // As explain --resolve --json prints a denial's: the statements beside the rest of the answer.
        assertFalse(json.at("/diagnosis/resolution").has("statements"), json.toString());
        assertEquals("RESOLVED", json.at("/diagnosis/resolution/outcome").asText());
        JsonNode finding = json.at("/diagnosis/statements/0");
        assertEquals(Set.of("policyArn", "policyType", "sid", "effect", "statement", "verdict", "explanation",
                "conditions"), names(finding));
        assertEquals("AES256", finding.at("/conditions/0/recordValue").asText());
        assertEquals(resolved, Json.mapper().treeToValue(json, SpikeRecord.class));
    }

    @Test
    void versionThreeRefusesAFindingWithAFieldItDoesNotDefineAndAnUnknownEvent() throws IOException {
        ObjectNode json = Json.mapper().valueToTree(current().withResolution(resolution()));
        ((ObjectNode) json.at("/diagnosis/statements/0")).put("secret", "x");
        json.put("event", "SOMETHING_ELSE");

        Set<ValidationMessage> problems = schema(Topics.SPIKES.schema()).validate(json);

        Set<String> where = new TreeSet<>();
        problems.forEach(p -> where.add(p.getInstanceLocation().toString()));
        assertTrue(where.contains("$.event"), problems.toString());
        assertTrue(where.contains("$.diagnosis.statements[0]"), problems.toString());
    }

    @Test
    void aFollowUpEventMatchesVersionThree() throws IOException {
        ObjectNode json = Json.mapper().valueToTree(current().withResolution(resolution()));
        json.put("event", "RESOLUTION_FOLLOW_UP");

        assertEquals(Set.of(), schema(Topics.SPIKES.schema()).validate(json));
    }

    @Test
    void aResolutionOnAnOlderMessageMakesItAVersionThreeMessage() throws IOException {
        SpikeRecord v1 = Json.mapper().readValue(V1_MESSAGE, SpikeRecord.class);

        assertEquals(3, v1.withResolution(resolution()).schemaVersion());
        assertTrue(v1.withResolution(resolution()).diagnosis().advice().startsWith("An SCP"));
    }

    private static Set<String> names(JsonNode node) {
        Set<String> names = new TreeSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
