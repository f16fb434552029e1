package io.denywatch.cli.command;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Reads the {@code --from}/{@code --to} arguments of the commands that read stored logs. */
public final class TimeArguments {

    private TimeArguments() {
    }

    /** An ISO-8601 instant ({@code 2023-07-10T11:45:00Z}) or a UTC date ({@code 2023-07-10}, its midnight). */
    public static Instant parse(CommandLine commandLine, String option, String text) {
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new ParameterException(commandLine, option + ": expected an ISO-8601 instant"
                    + " (2023-07-10T11:45:00Z) or a date (2023-07-10), got " + text);
        }
    }
}
