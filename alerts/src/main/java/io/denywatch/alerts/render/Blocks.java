package io.denywatch.alerts.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.denywatch.alerts.text.PlainText;
import io.denywatch.common.json.Json;

/**
 * Builds a Block Kit block list within Slack's limits.
 *
 * <p>Every mrkdwn text is marked {@code verbatim}, so Slack does not turn bare URLs, {@code @here} or {@code #channel}
 * written in event data into links or mentions; escaping handles the {@code <...>} forms. Texts are cut to their
 * block's limit as a last guard (callers budget their parts so this does not happen), and blocks past the limit of 50
 * are dropped for a note saying so.
 */
final class Blocks {

    private static final int MAX_CONTEXT_ELEMENTS = 10;

    private final ArrayNode blocks = Json.mapper().createArrayNode();

    Blocks header(String plainText) {
        ObjectNode text = Json.mapper().createObjectNode()
                .put("type", "plain_text")
                .put("text", PlainText.clean(plainText, SlackText.HEADER_MAX))
                .put("emoji", true);
        ObjectNode block = blocks.addObject().put("type", "header");
        block.set("text", text);
        return this;
    }

    Blocks section(String mrkdwn) {
        ObjectNode block = blocks.addObject().put("type", "section");
        block.set("text", mrkdwn(SlackText.cut(mrkdwn, SlackText.SECTION_TEXT_MAX)));
        return this;
    }

    Blocks context(String... mrkdwnElements) {
        ObjectNode block = blocks.addObject().put("type", "context");
        ArrayNode elements = block.putArray("elements");
        for (int i = 0; i < mrkdwnElements.length && i < MAX_CONTEXT_ELEMENTS; i++) {
            elements.add(mrkdwn(SlackText.cut(mrkdwnElements[i], SlackText.CONTEXT_ELEMENT_MAX)));
        }
        return this;
    }

    Blocks divider() {
        blocks.addObject().put("type", "divider");
        return this;
    }

    ArrayNode build() {
        if (blocks.size() <= SlackText.MAX_BLOCKS) {
            return blocks;
        }
        int dropped = blocks.size() - (SlackText.MAX_BLOCKS - 1);
        while (blocks.size() > SlackText.MAX_BLOCKS - 1) {
            blocks.remove(blocks.size() - 1);
        }
        ObjectNode note = blocks.addObject().put("type", "context");
        note.putArray("elements").add(mrkdwn("_" + dropped + " more blocks left out (Slack shows at most "
                + SlackText.MAX_BLOCKS + ")_"));
        return blocks;
    }

    private static ObjectNode mrkdwn(String text) {
        return Json.mapper().createObjectNode()
                .put("type", "mrkdwn")
                .put("text", text)
                .put("verbatim", true);
    }
}
