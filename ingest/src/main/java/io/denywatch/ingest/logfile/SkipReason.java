package io.denywatch.ingest.logfile;

/** Why an object in a trail bucket is not a CloudTrail event log file; {@link #metricName()} is stable. */
public enum SkipReason {
    /** An hourly integrity digest under {@code CloudTrail-Digest/}: no {@code Records}. */
    DIGEST("digest"),
    /** A CloudTrail Insights file under {@code CloudTrail-Insight/}: insight events, not API calls. */
    INSIGHT("insight"),
    /** An AWS Config file sharing the bucket: {@code Config/} paths, {@code ConfigWritabilityCheckFile}. */
    CONFIG("config"),
    /** Anything else, including folder markers and keys that only resemble CloudTrail's layout. */
    NOT_CLOUDTRAIL("not_cloudtrail");

    private final String metricName;

    SkipReason(final String metricName) {
        this.metricName = metricName;
    }

    /** Stable lower-case name for metrics and logs. */
    public String metricName() {
        return metricName;
    }
}
