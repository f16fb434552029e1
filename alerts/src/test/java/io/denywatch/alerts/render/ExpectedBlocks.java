package io.denywatch.alerts.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.denywatch.common.json.Json;

/** Builds expected Block Kit JSON in tests, independently of the code under test. */
final class ExpectedBlocks {

    private final ArrayNode blocks = Json.mapper().createArrayNode();

    ExpectedBlocks header(String text) {
        ObjectNode block = blocks.addObject().put("type", "header");
        block.putObject("text").put("type", "plain_text").put("text", text).put("emoji", true);
        return this;
    }

    ExpectedBlocks section(String text) {
        ObjectNode block = blocks.addObject().put("type", "section");
        block.putObject("text").put("type", "mrkdwn").put("text", text).put("verbatim", true);
        return this;
    }

    ExpectedBlocks context(String text) {
        ObjectNode block = blocks.addObject().put("type", "context");
        block.putArray("elements").addObject().put("type", "mrkdwn").put("text", text).put("verbatim", true);
        return this;
    }

    ExpectedBlocks divider() {
        blocks.addObject().put("type", "divider");
        return this;
    }

    ObjectNode message(String fallback) {
        ObjectNode message = Json.mapper().createObjectNode().put("text", fallback);
        message.set("blocks", blocks);
        return message.put("unfurl_links", false).put("unfurl_media", false);
    }
}
