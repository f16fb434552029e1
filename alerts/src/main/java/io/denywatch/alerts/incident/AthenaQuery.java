package io.denywatch.alerts.incident;

import io.denywatch.contract.incident.SpikeRecord;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An Athena query over the CloudTrail table that lists the errors behind an incident: the principal's events from the
 * incident's first denial (or the start of the window reported, if earlier) to its latest (or the window's end, if
 * later), ready to paste into the console. The whole incident, not the window reported: that window may hold a small
 * part of it.
 *
 * <p>Every value is written as a SQL string literal with its single quotes doubled, so an ARN or account id can never
 * end the literal. The table name cannot be quoted that way and is therefore restricted to plain identifiers.
 *
 * <p>The query does not filter by action: IAM action names and CloudTrail event names differ ({@code s3:ListBucket}
 * is logged as {@code ListObjects}), so it keeps every error of the principal in that time.
 */
public final class AthenaQuery {

    private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*){0,2}");
    private static final DateTimeFormatter EVENT_TIME = DateTimeFormatter.ISO_INSTANT;
    static final int LIMIT = 500;

    private AthenaQuery() {
    }

    /** Checks a table name ({@code table}, {@code database.table} or {@code catalog.database.table}). */
    public static String requireTableName(String table) {
        if (table == null || !TABLE.matcher(table).matches()) {
            throw new IllegalArgumentException("Athena table must be [catalog.][database.]table of letters, digits "
                    + "and underscores: " + table);
        }
        return table;
    }

    /** The query, one clause per line. */
    public static List<String> lines(SpikeRecord spike, String table) {
        IncidentFacts facts = new IncidentFacts(spike);
        List<String> lines = new ArrayList<>();
        lines.add("SELECT eventtime, useridentity.arn AS principal_arn, eventsource, eventname, errorcode, "
                + "errormessage, awsregion, sourceipaddress, requestid, eventid");
        lines.add("FROM " + requireTableName(table));
        // CloudTrail's eventtime is an ISO-8601 string in UTC, so string order is time order.
        lines.add("WHERE eventtime BETWEEN " + literal(time(earlier(spike.windowStart(), spike.startedAt())))
                + " AND " + literal(time(later(spike.windowEnd(), spike.latestAt()))));
        String identity = facts.identityArn();
        if (identity != null) {
            lines.add("  AND (useridentity.sessioncontext.sessionissuer.arn = " + literal(identity)
                    + " OR useridentity.arn = " + literal(identity) + ")");
        } else if (facts.account() != null) {
            lines.add("  AND recipientaccountid = " + literal(facts.account()));
        }
        lines.add("  AND errorcode IS NOT NULL");
        lines.add("ORDER BY eventtime");
        lines.add("LIMIT " + LIMIT);
        return lines;
    }

    /** The query as one text. */
    public static String text(SpikeRecord spike, String table) {
        return String.join("\n", lines(spike, table));
    }

    /** A SQL string literal: single quotes doubled, the whole in single quotes. */
    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private static Instant earlier(Instant a, Instant b) {
        return b == null || a != null && a.isBefore(b) ? a : b;
    }

    private static Instant later(Instant a, Instant b) {
        return b == null || a != null && a.isAfter(b) ? a : b;
    }

    private static String time(Instant instant) {
        return EVENT_TIME.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }
}
