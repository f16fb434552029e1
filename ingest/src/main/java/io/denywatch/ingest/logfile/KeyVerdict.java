package io.denywatch.ingest.logfile;

import java.time.Instant;
import java.util.Objects;

/** What an S3 key in a trail bucket is: a CloudTrail event log file to read, or an object to skip and count. */
public sealed interface KeyVerdict permits KeyVerdict.LogFile, KeyVerdict.Skipped {

    /** {@code log_file}, or the skip reason's metric name. */
    String metricName();

    /**
     * A CloudTrail event log file, with what its key says about it.
     *
     * @param prefix the trail's key prefix before {@code AWSLogs/}, without the trailing slash; empty when none
     * @param account the 12-digit account whose events the file holds
     * @param orgId the organization id for an organization trail ({@code o-...}), or null for an account trail
     * @param region the region the events were recorded in
     * @param delivered the minute CloudTrail delivered the file (events inside can be much older)
     * @param gzip whether the name ends in {@code .json.gz} rather than {@code .json}
     */
    record LogFile(String prefix, String account, String orgId, String region, Instant delivered, boolean gzip)
            implements KeyVerdict {

        public LogFile {
            Objects.requireNonNull(prefix, "prefix");
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(delivered, "delivered");
        }

        @Override
        public String metricName() {
            return "log_file";
        }
    }

    /**
     * An object that is not an event log file: acknowledge it, count it, never parse it as events.
     *
     * @param reason what it is instead
     */
    record Skipped(SkipReason reason) implements KeyVerdict {

        public Skipped {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String metricName() {
            return reason.metricName();
        }
    }
}
