package io.denywatch.analyzer.classify;

import io.denywatch.common.text.TerminalText;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds one shell command line whose every argument stays one argument in a POSIX shell, whatever it contains.
 *
 * <p>Values come from events, and event text is attacker-influenced (session names, S3 keys, hand-made ARNs). An
 * argument made only of characters no shell treats specially is written as is, so ordinary ARNs stay readable; any
 * other argument is wrapped in single quotes, inside which a shell interprets nothing, and each single quote in it is
 * written as {@code '\''} (close, escaped quote, reopen). Newlines and other control characters stay inside the quotes,
 * where they are literal; terminals are protected separately by {@link TerminalText}.
 */
final class ShellCommand {

    private final List<String> words = new ArrayList<>();

    private ShellCommand(String... fixed) {
        words.addAll(List.of(fixed));
    }

    /** Starts a command from fixed words written by this code, never from event text. */
    static ShellCommand of(String... fixed) {
        return new ShellCommand(fixed);
    }

    /**
     * Adds a fixed option and its value, quoted as needed. A value starting with {@code -} is attached with {@code =}
     * so that the program cannot take it for another option.
     */
    ShellCommand option(String name, String value) {
        if (value.startsWith("-")) {
            words.add(name + "=" + quote(value));
        } else {
            words.add(name);
            words.add(quote(value));
        }
        return this;
    }

    /** Adds a fixed flag or word written by this code. */
    ShellCommand word(String fixed) {
        words.add(fixed);
        return this;
    }

    /** Adds a positional argument, quoted as needed. */
    ShellCommand argument(String value) {
        words.add(quote(value));
        return this;
    }

    /** The command line. */
    String build() {
        return String.join(" ", words);
    }

    /** One argument as a POSIX shell word. */
    static String quote(String value) {
        if (value.isEmpty()) {
            return "''";
        }
        boolean plain = true;
        for (int i = 0; i < value.length() && plain; i++) {
            plain = isPlain(value.charAt(i));
        }
        if (plain) {
            return value;
        }
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /** Characters no POSIX shell gives a meaning to inside a word: letters, digits and {@code @%+=:,./_-}. */
    private static boolean isPlain(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "@%+=:,./_-".indexOf(c) >= 0;
    }
}
