package io.denywatch.resolve.aws;

import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Cuts the statement the simulator points at out of its policy document. The simulator gives a line and column for
 * the start and end of the statement
 * (<a href="https://docs.aws.amazon.com/IAM/latest/APIReference/API_Position.html">Position</a>) without saying where
 * it counts from, so the start is taken as the place to look for the statement's opening brace (one character either
 * way), and the statement is the balanced JSON object from there; it must end by the given end. What does not parse
 * as a JSON object is not a statement: no text.
 */
final class StatementCutter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StatementCutter() {
    }

    /** Lines and columns as the simulator gives them, counted from 1. */
    static Optional<String> cut(String document, int startLine, int startColumn, int endLine, int endColumn) {
        int start = offset(document, startLine, startColumn);
        int end = offset(document, endLine, endColumn);
        if (start < 0 || end < 0) {
            return Optional.empty();
        }
        int brace = -1;
        for (int i = Math.max(0, start - 1); i <= Math.min(document.length() - 1, start + 1); i++) {
            if (document.charAt(i) == '{') {
                brace = i;
                break;
            }
        }
        if (brace < 0) {
            return Optional.empty();
        }
        int close = closingBrace(document, brace);
        if (close < 0 || close > end + 1) {
            return Optional.empty();
        }
        String text = document.substring(brace, close + 1);
        try {
            return JSON.readTree(text).isObject() ? Optional.of(text) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** The offset of a 1-based line and column, or -1 when the document has no such place. */
    private static int offset(String document, int line, int column) {
        if (line < 1 || column < 0) {
            return -1;
        }
        int at = 0;
        for (int l = 1; l < line; l++) {
            at = document.indexOf('\n', at);
            if (at < 0) {
                return -1;
            }
            at++;
        }
        int lineEnd = document.indexOf('\n', at);
        int offset = at + Math.max(0, column - 1);
        return offset > (lineEnd < 0 ? document.length() : lineEnd) ? -1 : Math.min(offset, document.length() - 1);
    }

    private static int closingBrace(String text, int open) {
        int depth = 0;
        boolean inString = false;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }
}
