package io.denywatch.alerts.digest;

import io.denywatch.contract.denial.Category;
import io.denywatch.contract.denial.DenyKind;
import io.denywatch.contract.denial.Diagnosis;
import io.denywatch.contract.denial.FixLocation;
import io.denywatch.contract.denial.PolicyType;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;

/**
 * Measures what a digest holds while it is built: the counts of two periods after a million denials, as retained
 * heap, for a realistic spread of names and for the worst case where every denial is a new principal and action.
 * Run with {@code java -cp <test classpath> io.denywatch.alerts.digest.DigestStateSize}; the figures are in
 * docs/benchmarks.md.
 */
public final class DigestStateSize {

    private DigestStateSize() {
    }

    public static void main(String[] args) throws java.io.IOException {
        int denials = 1_000_000;
        int maxKeys = 100_000;
        report("realistic: 2000 principals, 300 actions, ~8 actions each", denials, maxKeys, false);
        report("worst case: every denial a new principal and action", denials, maxKeys, true);
        parsing(denials);
    }

    /** How long decoding a million denial records' JSON takes, the part of reading the topic that is the digest's. */
    private static void parsing(int denials) throws java.io.IOException {
        Instant at = Fortnight.CURRENT.start();
        byte[] json = io.denywatch.common.json.Json.bytes(Fortnight.denial("e-1", Fortnight.role(1), "s3:GetObject",
                Fortnight.diagnosis(DenyKind.IMPLICIT, PolicyType.IDENTITY_BASED, FixLocation.IDENTITY_POLICY),
                Category.AUTHORIZATION, at));
        for (int warm = 0; warm < 100_000; warm++) {
            io.denywatch.common.json.Json.mapper().readValue(json, io.denywatch.contract.denial.EnrichedDenial.class);
        }
        long began = System.nanoTime();
        for (int n = 0; n < denials; n++) {
            io.denywatch.common.json.Json.mapper().readValue(json, io.denywatch.contract.denial.EnrichedDenial.class);
        }
        System.out.printf("decoding %d denial records of %d bytes: %d ms%n", denials, json.length,
                (System.nanoTime() - began) / 1_000_000);
    }

    private static void report(String label, int denials, int maxKeys, boolean distinct) {
        Diagnosis implicit = Fortnight.diagnosis(DenyKind.IMPLICIT, PolicyType.IDENTITY_BASED,
                FixLocation.IDENTITY_POLICY);
        Diagnosis scp = Fortnight.diagnosis(DenyKind.UNKNOWN, PolicyType.SERVICE_CONTROL_POLICY,
                FixLocation.ORGANIZATION);
        long before = used();
        DenialsRead read = new DenialsRead(Fortnight.CURRENT, maxKeys);
        Random random = new Random(1);
        Instant start = Fortnight.CURRENT.previous().start();
        long span = Duration.ofDays(14).toMillis();
        long began = System.nanoTime();
        for (int n = 0; n < denials; n++) {
            int principal = distinct ? n : (int) Math.min(1999, Math.abs(random.nextGaussian() * 500));
            String action = distinct ? "svc" + n + ":Action" + n
                    : "svc" + ((principal * 7 + random.nextInt(8)) % 300) + ":Action";
            Instant at = start.plusMillis((long) (span * ((double) n / denials)));
            read.denial(Fortnight.denial("e", Fortnight.role(principal), action, n % 3 == 0 ? scp : implicit,
                    Category.AUTHORIZATION, at), at);
        }
        long tookMs = (System.nanoTime() - began) / 1_000_000;
        long after = used();
        System.out.printf("%s: %d keys (current %d, previous %d), %.1f MB retained, counted in %d ms%n", label,
                read.current().keys() + read.previous().keys(), read.current().keys(), read.previous().keys(),
                (after - before) / 1e6, tookMs);
        if (read.current().denials() == 0) {
            throw new IllegalStateException("nothing counted");
        }
    }

    private static long used() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 5; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
