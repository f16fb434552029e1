package io.denywatch.alerts.incident;

import io.denywatch.analyzer.spike.SpikeRecord;
import io.denywatch.analyzer.window.TopCounts;

import java.time.Instant;
import java.util.List;

/** Incident messages for tests: one representative record, and the same record with every event field hostile. */
public final class Incidents {

    public static final String ROLE_ARN = "arn:aws:iam::123456789012:role/deploy-role";
    public static final String SESSION_ARN = "arn:aws:sts::123456789012:assumed-role/deploy-role/ci-build-42";
    public static final String SCP_ARN =
            "arn:aws:organizations::111111111111:policy/o-abc123/service_control_policy/p-deny0001";

    private Incidents() {
    }

    /** An SCP denying a CI role's S3 writes: 42 denials in a 5-minute window against a baseline of 1.5. */
    public static SpikeRecord open() {
        return new SpikeRecord(1, "dw-0123456789abcdef", SpikeRecord.State.OPEN, SpikeRecord.Severity.CRITICAL,
                "principal", new SpikeRecord.Key(ROLE_ARN, null, null, null),
                Instant.parse("2026-11-23T19:00:00Z"), Instant.parse("2026-11-23T19:05:00Z"), 42, 1.5,
                Instant.parse("2026-11-23T19:00:07Z"), Instant.parse("2026-11-23T19:04:58Z"),
                Instant.parse("2026-11-23T19:03:00Z"), SESSION_ARN,
                List.of(new TopCounts.Entry("s3:PutObject", 40), new TopCounts.Entry("s3:GetObject", 2)),
                List.of(new TopCounts.Entry("arn:aws:s3:::releases-bucket/builds/app.tar.gz", 30),
                        new TopCounts.Entry("arn:aws:s3:::releases-bucket/builds/app.sha256", 12)),
                List.of(new TopCounts.Entry("s3:object", 42)),
                List.of(new TopCounts.Entry("User: " + SESSION_ARN + " is not authorized to perform: s3:PutObject "
                        + "on resource: \"arn:aws:s3:::releases-bucket/builds/app.tar.gz\" with an explicit deny in a "
                        + "service control policy", 40)),
                List.of(new TopCounts.Entry("SERVICE_CONTROL_POLICY", 42)),
                List.of("11111111-2222-3333-4444-555555555555"),
                List.of("ABCDEF0123456789"),
                new SpikeRecord.Reason("EXPLICIT", "SERVICE_CONTROL_POLICY", "ORGANIZATION", SCP_ARN,
                        "A service control policy blocks this for the whole account.",
                        List.of("aws organizations describe-policy --policy-id p-deny0001")));
    }

    /** The representative record in another state with another count. */
    public static SpikeRecord open(SpikeRecord.State state, long count) {
        SpikeRecord r = open();
        return new SpikeRecord(r.schemaVersion(), r.incidentId(), state, r.severity(), r.dimension(), r.key(),
                r.windowStart(), r.windowEnd(), count, r.baseline(), r.firstSeen(), r.lastSeen(), r.openedAt(),
                r.principalArn(), r.topActions(), r.topResources(), r.topResourceFamilies(), r.topErrorMessages(),
                r.topPolicyTypes(), r.sampleEventIds(), r.sampleRequestIds(), r.diagnosis());
    }

    /** Every event-derived field carries {@code payload}. */
    public static SpikeRecord hostile(String payload) {
        SpikeRecord r = open();
        String role = "arn:aws:iam::123456789012:role/" + payload;
        return new SpikeRecord(r.schemaVersion(), r.incidentId(), r.state(), r.severity(), r.dimension(),
                new SpikeRecord.Key(role, "s3:" + payload, payload, "123456789012" + payload),
                r.windowStart(), r.windowEnd(), r.count(), r.baseline(), r.firstSeen(), r.lastSeen(), r.openedAt(),
                "arn:aws:sts::123456789012:assumed-role/x/" + payload,
                List.of(new TopCounts.Entry(payload, 1)), List.of(new TopCounts.Entry(payload, 1)),
                List.of(new TopCounts.Entry(payload, 1)), List.of(new TopCounts.Entry(payload, 1)),
                List.of(new TopCounts.Entry(payload, 1)), List.of(payload), List.of(payload),
                new SpikeRecord.Reason(payload, payload, payload, payload, payload, List.of(payload)));
    }
}
