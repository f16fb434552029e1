package io.denywatch.alerts.render;

import io.denywatch.alerts.text.PlainText;

import java.util.List;

/**
 * Makes event-derived text safe inside Slack mrkdwn, and keeps it within Slack's size limits.
 *
 * <p>Slack reads {@code <...>} as a link, a user or channel reference, or a broadcast such as {@code <!channel>}, and
 * asks senders to escape exactly three characters: {@code &}, {@code <} and {@code >}. Once escaped, a CloudTrail field
 * holding {@code <!here>} or {@code <https://evil.example|click>} is shown as typed and neither pings nor links.
 * Control and format characters are neutralised as in {@link PlainText}.
 *
 * <p>A backtick would open or end a code span (three in a row, a block) and let the rest be read as mrkdwn again, so
 * backticks in values are shown as U+02CB, a look-alike that formatting ignores. This applies to all escaped text, not
 * only to code, since an unmatched fence in prose swallows the lines after it.
 *
 * <p>Cutting happens after escaping, so a limit counts the characters Slack receives, and never inside an entity such
 * as {@code &amp;}, which would otherwise leave a stray {@code &}.
 */
public final class SlackText {

    /** Slack's limit for the text of a section block. */
    public static final int SECTION_TEXT_MAX = 3000;
    /** Slack's limit for a header block's text. */
    public static final int HEADER_MAX = 150;
    /** Slack's limit for one element of a context block. */
    public static final int CONTEXT_ELEMENT_MAX = 2000;
    /** Slack's limit on blocks in one message. */
    public static final int MAX_BLOCKS = 50;

    private static final char CODE_SAFE_BACKTICK = '\u02CB';
    private static final String FENCE = "```";

    private SlackText() {
    }

    /**
     * The text escaped for mrkdwn, backticks replaced, control characters neutralised; {@code null} gives the empty
     * string.
     */
    public static String escape(String raw) {
        if (raw == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(raw.length() + 16);
        for (int i = 0; i < raw.length(); ) {
            int cp = raw.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '&') {
                out.append("&amp;");
            } else if (cp == '<') {
                out.append("&lt;");
            } else if (cp == '>') {
                out.append("&gt;");
            } else if (cp == '`') {
                out.append(CODE_SAFE_BACKTICK);
            } else {
                out.appendCodePoint(PlainText.neutralise(cp));
            }
        }
        return out.toString();
    }

    /** {@link #escape(String)}, then cut to at most {@code max} characters. */
    public static String escape(String raw, int max) {
        return cut(escape(raw), max);
    }

    /** An inline code span holding the value, at most {@code max} characters with its backticks. */
    public static String code(String raw, int max) {
        return "`" + cut(escape(raw), max - 2) + "`";
    }

    /** A code block holding the value, at most {@code max} characters with its fences. */
    public static String codeBlock(String raw, int max) {
        return FENCE + cut(escape(raw), max - 2 * FENCE.length()) + FENCE;
    }

    /**
     * A code block of several lines, each escaped on its own so the layout's line breaks survive while breaks inside a
     * value do not; at most {@code max} characters with its fences.
     */
    public static String codeBlock(List<String> rawLines, int max) {
        StringBuilder body = new StringBuilder();
        for (String line : rawLines) {
            if (body.length() > 0) {
                body.append('\n');
            }
            body.append(escape(line));
        }
        return FENCE + cut(body.toString(), max - 2 * FENCE.length()) + FENCE;
    }

    /**
     * Cuts already escaped text to at most {@code max} characters, ending with an ellipsis when anything was removed.
     * A cut that would fall inside an entity moves before it.
     */
    public static String cut(String escaped, int max) {
        if (escaped.length() <= max) {
            return escaped;
        }
        int end = max - PlainText.ELLIPSIS.length();
        int amp = escaped.lastIndexOf('&', end - 1);
        if (amp >= 0) {
            int semicolon = escaped.indexOf(';', amp);
            if (semicolon < 0 || semicolon >= end) {
                end = amp;
            }
        }
        if (end > 0 && Character.isHighSurrogate(escaped.charAt(end - 1))) {
            end--;
        }
        return escaped.substring(0, end) + PlainText.ELLIPSIS;
    }
}
