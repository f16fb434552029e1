package io.denywatch.cli.command;

import io.denywatch.cli.lookup.HistoryQuery;
import io.denywatch.common.config.Sizes;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The options of {@code explain --lookup}: which part of CloudTrail's event history to read. */
final class LookupOptions {

    @Option(names = "--lookup", description = {"Read the denials from CloudTrail's 90-day event history"
            + " (cloudtrail:LookupEvents) instead of a file, with the caller's AWS credentials.",
            "Management events only: data events (S3 object reads, Lambda invokes, ...) are only in a trail's log"
                    + " files; read those with 'denywatch scan'."})
    boolean enabled;

    @Option(names = "--since", paramLabel = "DURATION",
            description = "With --lookup: from this long ago until now, e.g. 30m, 1h, 2d (default 1h).")
    String since;

    @Option(names = "--start", paramLabel = "TIME", description = "With --lookup: from this instant or UTC date.")
    String start;

    @Option(names = "--end", paramLabel = "TIME", description = "With --lookup: until this instant or UTC date "
            + "(default now).")
    String end;

    @Option(names = "--event-name", paramLabel = "NAME", description = "With --lookup: only calls of this API, "
            + "e.g. GetObject.")
    String eventName;

    @Option(names = "--username", paramLabel = "NAME", description = "With --lookup: only calls by this user or "
            + "role session name.")
    String username;

    @Option(names = "--event-source", paramLabel = "SOURCE", description = "With --lookup: only calls to this "
            + "service, e.g. s3.amazonaws.com.")
    String eventSource;

    @Option(names = "--principal", paramLabel = "ARN", description = "With --lookup: only denials of this IAM user "
            + "or role (or session) ARN; filtered here, as CloudTrail cannot.")
    String principal;

    @Option(names = "--region", paramLabel = "REGION", description = "With --lookup: the region whose history to "
            + "read (default: the AWS SDK's, e.g. AWS_REGION).")
    String region;

    @Option(names = "--max-events", paramLabel = "N", defaultValue = "5000", description = "With --lookup: read at "
            + "most this many events, denials or not (default ${DEFAULT-VALUE}; CloudTrail serves about 100 a "
            + "second).")
    int maxEvents;

    /** The query these options describe, or an error naming the option at fault. */
    HistoryQuery query(CommandLine commandLine, Instant now) {
        if (since != null && start != null) {
            throw new ParameterException(commandLine, "--since and --start: give one of them");
        }
        Instant to = end == null ? now : TimeArguments.parse(commandLine, "--end", end);
        Instant from;
        if (start != null) {
            from = TimeArguments.parse(commandLine, "--start", start);
        } else {
            Duration span = since == null ? Duration.ofHours(1) : duration(commandLine, since);
            from = to.minus(span);
        }
        if (to.isBefore(from)) {
            throw new ParameterException(commandLine, "--end is before the start of the span");
        }
        if (maxEvents < 1) {
            throw new ParameterException(commandLine, "--max-events must be at least 1");
        }
        List<String> attributes = new ArrayList<>();
        LookupAttributeKey key = null;
        String value = null;
        if (eventName != null) {
            attributes.add("--event-name");
            key = LookupAttributeKey.EVENT_NAME;
            value = eventName;
        }
        if (username != null) {
            attributes.add("--username");
            key = LookupAttributeKey.USERNAME;
            value = username;
        }
        if (eventSource != null) {
            attributes.add("--event-source");
            key = LookupAttributeKey.EVENT_SOURCE;
            value = eventSource;
        }
        if (attributes.size() > 1) {
            // LookupEvents takes one lookup attribute per call.
            throw new ParameterException(commandLine, String.join(", ", attributes)
                    + ": CloudTrail filters on one of them per lookup; give one (and --principal, which is"
                    + " applied here, if you need to narrow further)");
        }
        return new HistoryQuery(from, to, key, value, principal, maxEvents);
    }

    /** Whether a lookup option was given without {@code --lookup}. */
    boolean anyGiven() {
        return since != null || start != null || end != null || eventName != null || username != null
                || eventSource != null || principal != null || region != null;
    }

    private static Duration duration(CommandLine commandLine, String text) {
        try {
            Duration d = Sizes.parseDuration(text);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("not positive");
            }
            return d;
        } catch (RuntimeException e) {
            throw new ParameterException(commandLine, "--since: expected a duration such as 30m, 1h or 2d, got "
                    + text);
        }
    }
}
