package io.denywatch.alerts.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.denywatch.alerts.incident.Incidents;
import io.denywatch.contract.incident.SpikeRecord;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlackLimitsTest {

    private static void assertWithinSlackLimits(JsonNode message) {
        JsonNode blocks = message.get("blocks");
        assertTrue(blocks.size() <= SlackText.MAX_BLOCKS, "blocks: " + blocks.size());
        for (JsonNode block : blocks) {
            switch (block.get("type").asText()) {
                case "header":
                    assertTrue(block.get("text").get("text").asText().length() <= SlackText.HEADER_MAX);
                    break;
                case "section":
                    String text = block.get("text").get("text").asText();
                    assertTrue(text.length() <= SlackText.SECTION_TEXT_MAX, "section of " + text.length());
                    assertEquals(0, (text.split("```", -1).length - 1) % 2, "fence left open: " + text);
                    break;
                case "context":
                    block.get("elements").forEach(e ->
                            assertTrue(e.get("text").asText().length() <= SlackText.CONTEXT_ELEMENT_MAX));
                    break;
                default:
                    break;
            }
        }
    }

    @Test
    void hugeEventValuesAreCutToSlackLimitsWithoutLeavingAFenceOpen() {
        for (String payload : new String[]{"x".repeat(20_000), "<".repeat(20_000), "&`".repeat(10_000)}) {
            for (SpikeRecord.State state : SpikeRecord.State.values()) {
                SpikeRecord r = Incidents.hostile(payload);
                SpikeRecord inState = Incidents.inState(r, state, r.count());

                assertWithinSlackLimits(SlackMessage.build(inState, AlertLinks.defaults()));
            }
        }
    }

    @Test
    void theFallbackTextIsShortEnoughForANotification() {
        String text = SlackMessage.fallbackText(Incidents.hostile("<".repeat(5000)));

        assertTrue(text.length() <= SlackMessage.FALLBACK_MAX);
        assertTrue(text.endsWith("\u2026"));
    }

    @Test
    void blocksBeyondSlacksLimitAreReplacedByANote() {
        Blocks blocks = new Blocks();
        for (int i = 0; i < 60; i++) {
            blocks.section("s" + i);
        }

        ArrayNode built = blocks.build();

        assertEquals(SlackText.MAX_BLOCKS, built.size());
        assertEquals("s48", built.get(48).get("text").get("text").asText());
        assertEquals("_11 more blocks left out (Slack shows at most 50)_",
                built.get(49).get("elements").get(0).get("text").asText());
    }
}
