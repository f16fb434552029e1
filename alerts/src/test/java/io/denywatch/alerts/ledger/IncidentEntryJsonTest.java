package io.denywatch.alerts.ledger;

import io.denywatch.alerts.incident.Incidents;
import io.denywatch.alerts.incident.Resolutions;
import io.denywatch.common.json.Json;
import io.denywatch.contract.incident.SpikeRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ledger records as the ledger topic holds them: the follow-up's progress survives, and older records still read. */
class IncidentEntryJsonTest {

    private static final Instant NOW = Instant.parse("2026-11-23T19:10:00Z");

    @Test
    void aRecordWrittenBeforeFollowUpsReadsAsOwingNone() throws IOException {
        String older = "{\"incidentId\":\"dw-0123456789abcdef\",\"cooldownKey\":\"principal|x\",\"partition\":2,"
                + "\"offset\":7,\"announced\":true,\"sinks\":{\"slack-bot\":{\"offset\":7,\"following\":true,"
                + "\"reference\":{\"channel\":\"C1\",\"ts\":\"1700000000.000100\"},\"severity\":\"HIGH\"}},"
                + "\"updatedAt\":\"2026-11-23T19:10:00Z\"}";

        IncidentEntry entry = Json.mapper().readValue(older, IncidentEntry.class);

        assertNull(entry.followUp());
        assertFalse(entry.owesFollowUp());
        assertFalse(entry.progress("slack-bot").followedUp());
        assertEquals("1700000000.000100", entry.progress("slack-bot").reference().get("ts"));
    }

    @Test
    void anAnswerOwedToSomeSinksSurvivesTheTopic() throws IOException {
        SpikeRecord incident = Incidents.open();
        IncidentEntry entry = IncidentEntry.start(incident.incidentId(), "principal|x", 2, NOW)
                .withSink("slack-bot", new SinkProgress(7, true, Map.of("ts", "1700000000.000100"),
                        SpikeRecord.Severity.CRITICAL).withFollowedUp(), NOW)
                .withSink("webhook", new SinkProgress(7, true, Map.of(), SpikeRecord.Severity.CRITICAL), NOW)
                .withFollowUp(ResolutionFollowUp.awaiting(incident).answered(Resolutions.scpDeny()), NOW);

        IncidentEntry read = Json.mapper().readValue(Json.bytes(entry), IncidentEntry.class);

        assertEquals(entry, read);
        assertTrue(read.owesFollowUp());
        assertTrue(read.progress("slack-bot").followedUp());
        assertFalse(read.progress("webhook").followedUp());
        assertFalse(Json.mapper().readTree(Json.bytes(entry)).has("owesFollowUp"));
    }
}
