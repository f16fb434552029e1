package io.denywatch.alerts.render;

import io.denywatch.alerts.text.PlainText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlackTextTest {

    @ParameterizedTest
    @ValueSource(strings = {"<!channel>", "<!here>", "<@U123>", "<https://evil.example|click>", "<#C123>",
            "<!subteam^S123>"})
    void mentionsAndLinksAreShownAsTypedAndCannotPingOrLink(String injection) {
        String escaped = SlackText.escape("before " + injection + " after");

        assertFalse(escaped.contains("<"), escaped);
        assertFalse(escaped.contains(">"), escaped);
        assertTrue(escaped.contains("&lt;"), escaped);
    }

    @Test
    void escapesExactlyTheThreeCharactersSlackReserves() {
        assertEquals("a &amp; b &lt;c&gt; *d* _e_ ~f~ \"g\" 'h'",
                SlackText.escape("a & b <c> *d* _e_ ~f~ \"g\" 'h'"));
    }

    @Test
    void anAmpersandThatLooksLikeAnEntityIsEscapedAgainSoItCannotSmuggleABracket() {
        assertEquals("&amp;lt;!channel&amp;gt;", SlackText.escape("&lt;!channel&gt;"));
    }

    @Test
    void lineBreaksBecomeSpacesAndOtherControlAndFormatCharactersBecomeReplacementCharacters() {
        assertEquals("a b c d\uFFFDe\uFFFDf\uFFFDg", SlackText.escape("a\nb\rc\td\u0000e\u202Ef\u200Bg"));
    }

    @Test
    void anUnpairedSurrogateIsReplacedWhileAPairIsKept() {
        assertEquals("\uFFFD x \uD83D\uDE00", SlackText.escape("\uD83D x \uD83D\uDE00"));
    }

    @Test
    void aBacktickInProseCannotOpenCodeThatSwallowsTheLinesAfterIt() {
        assertEquals("x\u02CB\u02CB\u02CBy", SlackText.escape("x```y"));
    }

    @Test
    void nullIsEmpty() {
        assertEquals("", SlackText.escape(null));
    }

    @Test
    void cuttingKeepsTheLimitAndEndsWithAnEllipsis() {
        String cut = SlackText.escape("x".repeat(5000), SlackText.SECTION_TEXT_MAX);

        assertEquals(SlackText.SECTION_TEXT_MAX, cut.length());
        assertTrue(cut.endsWith("\u2026"));
    }

    @Test
    void cuttingNeverEndsInsideAnEntity() {
        for (int max = 2; max <= 12; max++) {
            String cut = SlackText.escape("ab<<<<<<<<", max);
            String body = cut.substring(0, cut.length() - (cut.endsWith("\u2026") ? 1 : 0));

            assertTrue(cut.length() <= max, cut);
            assertTrue(body.replace("&lt;", "").matches("[ab]*"), "cut inside an entity at " + max + ": " + cut);
        }
    }

    @Test
    void cuttingNeverSplitsASurrogatePair() {
        String cut = SlackText.escape("a\uD83D\uDE00\uD83D\uDE00", 3);

        assertEquals("a\u2026", cut);
    }

    @Test
    void textWithinTheLimitIsLeftWhole() {
        assertEquals("&amp;", SlackText.escape("&", 5));
    }

    @Test
    void inlineCodeCannotBeClosedByABacktickInTheValue() {
        String code = SlackText.code("a`*b*` <!here>", 100);

        assertEquals("`a\u02CB*b*\u02CB &lt;!here&gt;`", code);
    }

    @Test
    void aCodeBlockCannotBeClosedByAFenceInTheValue() {
        String block = SlackText.codeBlock("x``` <!channel> *y*", 100);

        assertEquals("```x\u02CB\u02CB\u02CB &lt;!channel&gt; *y*```", block);
        assertEquals(2, block.split("```", -1).length - 1);
    }

    @Test
    void codeKeepsItsDelimitersWithinTheLimit() {
        String code = SlackText.code("y".repeat(500), 50);
        String block = SlackText.codeBlock("z".repeat(5000), SlackText.SECTION_TEXT_MAX);

        assertEquals(50, code.length());
        assertTrue(code.startsWith("`") && code.endsWith("\u2026`"));
        assertEquals(SlackText.SECTION_TEXT_MAX, block.length());
        assertTrue(block.startsWith("```") && block.endsWith("\u2026```"));
    }

    @Test
    void plainTextCleansAndCutsWithoutEscaping() {
        assertEquals("<a> & b\u2026", PlainText.clean("<a> & b\ncdef", 8));
    }
}
