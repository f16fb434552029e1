package io.denywatch.alerts.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.denywatch.alerts.digest.Digests;
import io.denywatch.common.json.Json;
import io.denywatch.contract.digest.Digest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A digest whose every name from events is hostile renders safely in Slack and on a console, and fits Slack. */
class DigestRenderingTest {

    private static Digest digest(String payload, int entries) {
        return Digests.sample(payload, entries);
    }

    private static List<String> texts(JsonNode node) {
        List<String> texts = new ArrayList<>();
        collect(node, texts);
        return texts;
    }

    private static void collect(JsonNode node, List<String> texts) {
        if (node.isTextual()) {
            texts.add(node.asText());
        }
        node.forEach(child -> collect(child, texts));
    }

    @ParameterizedTest
    @ValueSource(strings = {"<!channel>", "<@U123>", "<https://evil.example|click>", "``` <!everyone> ```",
            "a\n*fake line*\u202E"})
    void noNameFromEventsReachesSlackAsMarkup(String payload) {
        ObjectNode message = DigestSlackMessage.build(digest(payload, 10));

        for (String text : texts(message)) {
            assertFalse(text.contains("<") || text.contains(">"), payload + " left a raw bracket in: " + text);
            assertFalse(text.contains("\n*fake"), payload + " forged a line in: " + text);
            assertFalse(text.contains("\u202E"), payload + " kept a bidi override in: " + text);
        }
        message.get("blocks").forEach(block -> {
            if (block.has("text") && block.get("text").has("verbatim")) {
                assertTrue(block.get("text").get("verbatim").asBoolean());
            }
        });
        assertFalse(message.get("unfurl_links").asBoolean());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\n== fake digest line\u202E", "\u001b[31mred"})
    void theConsoleShowsControlCharactersInsteadOfObeyingThem(String payload) {
        String text = DigestConsoleText.render(digest(payload, 3));

        assertFalse(text.contains("\n== fake"), text);
        assertFalse(text.contains("\u202E") || text.contains("\u001b"), text);
        assertTrue(text.contains("Weekly denial digest"), text);
        assertTrue(text.contains("and 28 more"), text);
    }

    @Test
    void tenLongEntriesPerListStayWithinSlacksLimits() {
        String longName = "x".repeat(400);
        ObjectNode message = DigestSlackMessage.build(digest(longName, 25));

        JsonNode blocks = message.get("blocks");
        assertTrue(blocks.size() <= SlackText.MAX_BLOCKS);
        blocks.forEach(block -> {
            if ("section".equals(block.path("type").asText())) {
                assertTrue(block.get("text").get("text").asText().length() <= SlackText.SECTION_TEXT_MAX);
            }
        });
        assertEquals("Weekly denial digest", blocks.get(0).get("text").get("text").asText());
    }

    @Test
    void theWebhookBodyMatchesThePublishedSchema() throws IOException {
        JsonNode json = Json.mapper().valueToTree(digest("<!channel>", 10));
        try (InputStream in = Digest.class.getResourceAsStream(Digest.SCHEMA_RESOURCE)) {
            JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);

            assertEquals(Set.of(), schema.validate(json));
        }
        assertEquals(digest("<!channel>", 10), Json.mapper().treeToValue(json, Digest.class));
    }

    @Test
    void changesReadAsPeopleSayThem() {
        assertEquals("+200, +20%", DigestWording.change(1200, 1000));
        assertEquals("\u2212500, \u221250%", DigestWording.change(500, 1000));
        assertEquals("new", DigestWording.change(5, 0));
        assertEquals("\u00b10, \u00b10%", DigestWording.change(7, 7));
    }
}
