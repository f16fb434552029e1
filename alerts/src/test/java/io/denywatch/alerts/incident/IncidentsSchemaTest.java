package io.denywatch.alerts.incident;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.denywatch.contract.Topics;
import io.denywatch.contract.incident.SpikeRecord;
import io.denywatch.common.json.Json;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The incidents the tests render are ones the analyzer could publish, and with a lookup's answer ones the alerts role
 * could deliver: they match the deny-spike.v3 schema.
 */
class IncidentsSchemaTest {

    private static JsonSchema schema() throws IOException {
        try (InputStream in = SpikeRecord.class.getResourceAsStream(Topics.SPIKES.schema())) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
    }

    @Test
    void theRepresentativeIncidentMatchesThePublishedSchemaInEveryState() throws IOException {
        JsonSchema schema = schema();
        for (SpikeRecord.State state : SpikeRecord.State.values()) {
            JsonNode json = Json.mapper().valueToTree(Incidents.open(state, 42));

            Set<ValidationMessage> problems = schema.validate(json);

            assertEquals(Set.of(), problems, state.toString());
        }
    }

    @Test
    void theRepresentativeIncidentWithItsStatementsMatchesThePublishedSchema() throws IOException {
        JsonNode json = Json.mapper().valueToTree(Incidents.open().withResolution(Resolutions.scpDeny()));

        assertEquals(Set.of(), schema().validate(json));
    }
}
