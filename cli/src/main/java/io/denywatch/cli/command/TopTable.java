package io.denywatch.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.denywatch.common.text.TerminalText;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders a {@code /api/top} answer as an aligned table. Keys come from CloudTrail events, which an attacker can
 * shape, so every string from the answer is neutralized before it reaches the terminal.
 */
final class TopTable {

    private TopTable() {
    }

    static String render(JsonNode answer) {
        String dimension = text(answer.path("dimension"));
        StringBuilder out = new StringBuilder();
        out.append("Most denied ").append("action".equals(dimension) ? "actions" : "principals").append(", last ")
                .append(text(answer.path("range"))).append(" (").append(text(answer.path("from"))).append(" to ")
                .append(text(answer.path("to"))).append(")\n");
        List<String[]> rows = new ArrayList<>();
        for (JsonNode row : answer.path("top")) {
            rows.add(new String[]{row.path("rank").asText(), row.path("count").asText(), text(row.path("key"))});
        }
        if (rows.isEmpty()) {
            out.append("No denials in that range.\n");
        } else {
            String header = dimension.isEmpty() ? "KEY" : dimension.toUpperCase(Locale.ROOT);
            int rankWidth = width("RANK", rows, 0);
            int countWidth = width("COUNT", rows, 1);
            line(out, rankWidth, countWidth, "RANK", "COUNT", header);
            for (String[] row : rows) {
                line(out, rankWidth, countWidth, row[0], row[1], row[2]);
            }
        }
        if (answer.path("partial").asBoolean()) {
            List<String> missing = new ArrayList<>();
            answer.path("missing").forEach(m -> missing.add(text(m)));
            out.append("Partial: no answer from ").append(String.join(", ", missing))
                    .append("; keys those instances own are missing.\n");
        }
        return out.toString();
    }

    private static void line(StringBuilder out, int rankWidth, int countWidth, String rank, String count,
                             String key) {
        out.append(pad(rank, rankWidth)).append("  ").append(pad(count, countWidth)).append("  ").append(key)
                .append('\n');
    }

    private static int width(String header, List<String[]> rows, int column) {
        int width = header.length();
        for (String[] row : rows) {
            width = Math.max(width, row[column].length());
        }
        return width;
    }

    /** Right-aligns a number in its column. */
    private static String pad(String s, int width) {
        return " ".repeat(width - s.length()) + s;
    }

    private static String text(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? "" : TerminalText.neutralize(node.asText());
    }
}
