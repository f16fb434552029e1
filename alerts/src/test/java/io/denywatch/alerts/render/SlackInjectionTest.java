package io.denywatch.alerts.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.denywatch.alerts.incident.Incidents;
import io.denywatch.contract.incident.SpikeRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every event-derived field of the record carries a hostile value; none of it may reach Slack as markup. */
class SlackInjectionTest {

    private static final String[] PAYLOADS = {"<!channel>", "<!here>", "<@U123>", "<https://evil.example|click>",
            "``` <!everyone> ```", "a\n*fake line*\u202E", "&lt;!channel&gt;"};

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

    private static SpikeRecord hostile(String payload, SpikeRecord.State state) {
        SpikeRecord r = Incidents.hostile(payload);
        return Incidents.inState(r, state, r.count());
    }

    @ParameterizedTest
    @EnumSource(SpikeRecord.State.class)
    void noRawAngleBracketSurvivesInAnyTextWhateverTheFieldsHold(SpikeRecord.State state) {
        for (String payload : PAYLOADS) {
            ObjectNode message = SlackMessage.build(hostile(payload, state), AlertLinks.defaults());

            for (String text : texts(message)) {
                assertFalse(text.contains("<"), payload + " left a raw < in: " + text);
                assertFalse(text.contains(">"), payload + " left a raw > in: " + text);
                assertFalse(text.contains("\n*fake"), payload + " forged a line in: " + text);
                assertFalse(text.contains("\u202E"), payload + " kept a bidi override in: " + text);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"<!channel>", "<!here>", "<@U123>", "<https://evil.example|click>"})
    void theHostileValueIsShownAsTypedInEveryPlaceItAppears(String payload) {
        String escaped = SlackText.escape(payload);
        List<String> texts = texts(SlackMessage.build(hostile(payload, SpikeRecord.State.OPEN), AlertLinks.defaults()));

        long shown = texts.stream().filter(t -> t.contains(escaped)).count();
        assertTrue(shown >= 8, "expected the escaped value in the summary, why, context, counts, commands, samples "
                + "and query; found it in " + shown + " texts");
    }

    @ParameterizedTest
    @EnumSource(SpikeRecord.State.class)
    void codeFencesStayBalancedWhenAValueHoldsAFence(SpikeRecord.State state) {
        ObjectNode message = SlackMessage.build(hostile("x```y", state), AlertLinks.defaults());

        for (String text : texts(message)) {
            assertEquals(0, (text.split("```", -1).length - 1) % 2, "unbalanced fence in: " + text);
        }
    }

    @ParameterizedTest
    @EnumSource(SpikeRecord.State.class)
    void everyMrkdwnTextIsVerbatimSoBareMentionsAndUrlsAreNotLinked(SpikeRecord.State state) {
        ObjectNode message = SlackMessage.build(hostile("@here https://evil.example #general", state),
                AlertLinks.defaults());
        List<JsonNode> mrkdwn = message.findParents("type").stream()
                .filter(n -> "mrkdwn".equals(n.get("type").asText())).toList();

        assertFalse(mrkdwn.isEmpty());
        mrkdwn.forEach(n -> assertTrue(n.get("verbatim").asBoolean(), n.toString()));
        assertFalse(message.get("unfurl_links").asBoolean());
        assertFalse(message.get("unfurl_media").asBoolean());
    }
}
