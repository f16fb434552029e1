package io.denywatch.alerts.digest;

import io.denywatch.contract.digest.Digest;

import java.time.Instant;
import java.util.Collections;
import java.util.List;

/** A weekly digest for rendering and sink tests, every name from events carrying {@code payload}. */
public final class Digests {

    private Digests() {
    }

    /** The week to Monday 2026-11-30 09:00 UTC, each list holding {@code entries} copies of one entry. */
    public static Digest sample(String payload, int entries) {
        String role = "arn:aws:iam::123456789012:role/" + payload;
        String action = "s3:" + payload;
        List<Digest.Ranked> ranked = Collections.nCopies(entries, new Digest.Ranked(role, 1200, 1000));
        List<Digest.PrincipalShare> shares = Collections.nCopies(entries,
                new Digest.PrincipalShare(role, 130, 120, 10, action));
        return new Digest(Digest.SCHEMA_VERSION, "digest-2026-11-23T09:00:00Z",
                Instant.parse("2026-11-23T09:00:00Z"), Instant.parse("2026-11-30T09:00:00Z"),
                Instant.parse("2026-11-16T09:00:00Z"), true, 12_345, 11_000, 42, ranked,
                Collections.nCopies(entries, new Digest.Ranked(action, 900, 0)), shares, shares,
                Collections.nCopies(entries, new Digest.NewPair(role, action, 17)), 31,
                Collections.nCopies(entries, new Digest.IncidentLine("dw-" + payload, "HIGH", role, action,
                        "120 denials in 10 min, peak 40 per 5 min", 120, Instant.parse("2026-11-25T09:00:00Z"),
                        true)), 12, false);
    }
}
