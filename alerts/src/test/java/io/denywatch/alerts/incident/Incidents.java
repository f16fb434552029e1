package io.denywatch.alerts.incident;

import io.denywatch.contract.incident.SpikeRecord;
import io.denywatch.contract.incident.ValueCount;

import java.time.Instant;
import java.util.List;

/**
 * Incident messages for tests: one representative record, and the same record with every event field hostile.
 *
 * <p>The representative incident is larger than the window it reports, as a real one is once it has grown: 318
 * denials over 15 minutes with a peak window of 120, reported by the window that crossed at 42. Every number differs,
 * so a test can tell which one a rendering shows.
 */
public final class Incidents {

    public static final String ROLE_ARN = "arn:aws:iam::123456789012:role/deploy-role";
    public static final String SESSION_ARN = "arn:aws:sts::123456789012:assumed-role/deploy-role/ci-build-42";
    public static final String SCP_ARN =
            "arn:aws:organizations::111111111111:policy/o-abc123/service_control_policy/p-deny0001";

    private Incidents() {
    }

    public static final long TOTAL = 318;
    public static final long PEAK = 120;

    /**
     * An SCP denying a CI role's S3 writes: 318 denials from 19:00:07 to 19:14:40 (15 min), peak 120 in the
     * window from 19:02, against a baseline of 1.5; the message reports the window 19:00–19:05, which crossed at 42.
     * An OPEN message this large is how a sink that first hears of the incident at a later message is told of it.
     */
    public static SpikeRecord open() {
        return new SpikeRecord(SpikeRecord.SCHEMA_VERSION, "dw-0123456789abcdef", SpikeRecord.State.OPEN, SpikeRecord.Severity.CRITICAL,
                "principal", new SpikeRecord.Key(ROLE_ARN, null, null, null),
                Instant.parse("2026-11-23T19:00:00Z"), Instant.parse("2026-11-23T19:05:00Z"), 42, 1.5,
                Instant.parse("2026-11-23T19:00:07Z"), Instant.parse("2026-11-23T19:04:58Z"),
                Instant.parse("2026-11-23T19:03:00Z"), SESSION_ARN,
                List.of(new ValueCount("s3:PutObject", 40), new ValueCount("s3:GetObject", 2)),
                List.of(new ValueCount("arn:aws:s3:::releases-bucket/builds/app.tar.gz", 30),
                        new ValueCount("arn:aws:s3:::releases-bucket/builds/app.sha256", 12)),
                List.of(new ValueCount("s3:object", 42)),
                List.of(new ValueCount("User: " + SESSION_ARN + " is not authorized to perform: s3:PutObject "
                        + "on resource: \"arn:aws:s3:::releases-bucket/builds/app.tar.gz\" with an explicit deny in a "
                        + "service control policy", 40)),
                List.of(new ValueCount("SERVICE_CONTROL_POLICY", 42)),
                List.of("11111111-2222-3333-4444-555555555555"),
                List.of("ABCDEF0123456789"),
                new SpikeRecord.Reason("EXPLICIT", "SERVICE_CONTROL_POLICY", "ORGANIZATION", SCP_ARN,
                        "A service control policy blocks this for the whole account.",
                        List.of("aws organizations describe-policy --policy-id p-deny0001")),
                TOTAL, PEAK, Instant.parse("2026-11-23T19:02:00Z"), Instant.parse("2026-11-23T19:00:07Z"),
                Instant.parse("2026-11-23T19:14:40Z"), null);
    }

    /**
     * The representative record in another state with another window count; the incident's size is unchanged, and a
     * RESOLVED message says when it resolved (15 minutes after its last denial).
     */
    public static SpikeRecord open(SpikeRecord.State state, long count) {
        return inState(open(), state, count);
    }

    /** {@code r} in another state with another window count, its whole size kept. */
    public static SpikeRecord inState(SpikeRecord r, SpikeRecord.State state, long count) {
        return new SpikeRecord(r.schemaVersion(), r.incidentId(), state, r.severity(), r.dimension(), r.key(),
                r.windowStart(), r.windowEnd(), count, r.baseline(), r.firstSeen(), r.lastSeen(), r.openedAt(),
                r.principalArn(), r.topActions(), r.topResources(), r.topResourceFamilies(), r.topErrorMessages(),
                r.topPolicyTypes(), r.sampleEventIds(), r.sampleRequestIds(), r.diagnosis(), r.totalCount(),
                r.peakCount(), r.peakWindowStart(), r.startedAt(), r.latestAt(),
                state == SpikeRecord.State.RESOLVED ? Instant.parse("2026-11-23T19:29:40Z") : null);
    }

    /** {@code r} with another severity, its whole size kept. */
    public static SpikeRecord withSeverity(SpikeRecord r, SpikeRecord.Severity severity) {
        return new SpikeRecord(r.schemaVersion(), r.incidentId(), r.state(), severity, r.dimension(), r.key(),
                r.windowStart(), r.windowEnd(), r.count(), r.baseline(), r.firstSeen(), r.lastSeen(), r.openedAt(),
                r.principalArn(), r.topActions(), r.topResources(), r.topResourceFamilies(), r.topErrorMessages(),
                r.topPolicyTypes(), r.sampleEventIds(), r.sampleRequestIds(), r.diagnosis(), r.totalCount(),
                r.peakCount(), r.peakWindowStart(), r.startedAt(), r.latestAt(), r.resolvedAt());
    }

    /** Every event-derived field carries {@code payload}. */
    public static SpikeRecord hostile(String payload) {
        SpikeRecord r = open();
        String role = "arn:aws:iam::123456789012:role/" + payload;
        return new SpikeRecord(r.schemaVersion(), r.incidentId(), r.state(), r.severity(), r.dimension(),
                new SpikeRecord.Key(role, "s3:" + payload, payload, "123456789012" + payload),
                r.windowStart(), r.windowEnd(), r.count(), r.baseline(), r.firstSeen(), r.lastSeen(), r.openedAt(),
                "arn:aws:sts::123456789012:assumed-role/x/" + payload,
                List.of(new ValueCount(payload, 1)), List.of(new ValueCount(payload, 1)),
                List.of(new ValueCount(payload, 1)), List.of(new ValueCount(payload, 1)),
                List.of(new ValueCount(payload, 1)), List.of(payload), List.of(payload),
                new SpikeRecord.Reason(payload, payload, payload, payload, payload, List.of(payload)),
                r.totalCount(), r.peakCount(), r.peakWindowStart(), r.startedAt(), r.latestAt(), r.resolvedAt());
    }
}
