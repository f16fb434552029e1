package io.denywatch.alerts.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.denywatch.alerts.incident.Incidents;
import io.denywatch.alerts.incident.Resolutions;
import io.denywatch.common.json.Json;
import io.denywatch.contract.denial.PolicyType;
import io.denywatch.contract.denial.Resolution;
import io.denywatch.contract.denial.StatementFinding;
import io.denywatch.contract.incident.SpikeRecord;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The statements behind an incident, as the card, the follow-up and the console show them. */
class ResolutionRenderingTest {

    private static final AlertLinks LINKS = AlertLinks.defaults();

    /** Eight statements of ten conditions each, every value {@code payload}. */
    private static Resolution huge(String payload) {
        ObjectNode statement = Json.mapper().createObjectNode().put("Sid", payload).put("Resource", payload);
        List<StatementFinding.ConditionCheck> conditions = Collections.nCopies(10,
                new StatementFinding.ConditionCheck(payload, payload, List.of(payload, payload), payload,
                        StatementFinding.ConditionCheck.Outcome.UNKNOWN));
        List<StatementFinding> findings = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            findings.add(new StatementFinding(payload, PolicyType.PERMISSIONS_BOUNDARY, payload, payload, statement,
                    StatementFinding.Verdict.MAY_DENY, payload, conditions));
        }
        return new Resolution(Resolution.Outcome.RESOLVED, Resolution.Method.SIMULATED, payload, findings,
                Collections.nCopies(6, payload));
    }

    private static void assertWithinSlackLimits(JsonNode message) {
        JsonNode blocks = message.get("blocks");
        assertTrue(blocks.size() <= SlackText.MAX_BLOCKS, "blocks: " + blocks.size());
        for (JsonNode block : blocks) {
            String type = block.get("type").asText();
            if (type.equals("header")) {
                assertTrue(block.get("text").get("text").asText().length() <= SlackText.HEADER_MAX);
            } else if (type.equals("section")) {
                String text = block.get("text").get("text").asText();
                assertTrue(text.length() <= SlackText.SECTION_TEXT_MAX, "section of " + text.length());
                assertEquals(0, (text.length() - text.replace("`", "").length()) % 2, "code left open: " + text);
            } else if (type.equals("context")) {
                block.get("elements").forEach(e ->
                        assertTrue(e.get("text").asText().length() <= SlackText.CONTEXT_ELEMENT_MAX));
            }
        }
    }

    @Test
    void hugeStatementsStayWithinSlacksLimitsWithEveryCodeSpanClosed() {
        for (String payload : new String[]{"x".repeat(20_000), "<".repeat(20_000), "&`".repeat(10_000)}) {
            SpikeRecord spike = Incidents.hostile(payload).withResolution(huge(payload));

            assertWithinSlackLimits(SlackMessage.build(spike, LINKS));
            assertWithinSlackLimits(SlackMessage.followUp(spike));
            assertTrue(SlackMessage.followUpText(spike).length() <= SlackMessage.FALLBACK_MAX);
        }
    }

    @Test
    void theCardShowsTheStatementAboveTheEvidence() {
        SpikeRecord spike = Incidents.open().withResolution(Resolutions.scpDeny());

        String blocks = SlackMessage.build(spike, LINKS).get("blocks").toString();

        int statement = blocks.indexOf(Resolutions.SID);
        assertTrue(statement > 0, blocks);
        assertTrue(statement < blocks.indexOf("Top resources"), "above the evidence");
        assertTrue(blocks.contains("denies the call"));
        assertTrue(blocks.contains("`StringNotEquals` `s3:x-amz-server-side-encryption` `aws:kms` \u2014 the record"
                + " shows `AES256`: holds"), blocks);
        assertTrue(blocks.contains("found by reading the policies"));
    }

    @Test
    void theFollowUpNamesTheIncidentItBelongsTo() {
        SpikeRecord spike = Incidents.open().withResolution(Resolutions.scpDeny());

        ObjectNode message = SlackMessage.followUp(spike);

        assertEquals("Statements behind the denials of incident dw-0123456789abcdef (deploy-role): "
                + "Statement DenyUnencryptedReleaseUploads of SCP p-deny0001 denies s3:PutObject unless the upload "
                + "asks for SSE-KMS; the record shows AES256.", message.get("text").asText());
        assertTrue(message.get("blocks").toString().contains("dw-0123456789abcdef"));
        assertFalse(message.get("unfurl_links").asBoolean());
    }

    @Test
    void theConsoleShowsTheStatementsAndNeverObeysControlCharacters() {
        SpikeRecord spike = Incidents.open().withResolution(Resolutions.scpDeny());
        String text = ConsoleText.followUp(spike);
        assertTrue(text.startsWith("== FOLLOW-UP \u00b7 statements behind incident dw-0123456789abcdef \u00b7 "
                + "deploy-role\n"), text);
        assertTrue(text.contains("1. DenyUnencryptedReleaseUploads denies the call \u00b7 Deny"), text);
        assertTrue(text.contains("if StringNotEquals s3:x-amz-server-side-encryption aws:kms \u2014 record: AES256:"
                + " holds"), text);
        assertTrue(ConsoleText.render(spike, LINKS).contains(Resolutions.SID));

        String hostile = ConsoleText.followUp(Incidents.open().withResolution(
                Resolutions.hostile("\u001b[2J\u202e\nfake line")));
        assertFalse(hostile.contains("\u001b") || hostile.contains("\u202e") || hostile.contains("\nfake line"),
                hostile);
    }
}
