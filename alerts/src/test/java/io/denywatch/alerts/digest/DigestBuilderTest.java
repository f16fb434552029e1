package io.denywatch.alerts.digest;

import io.denywatch.contract.denial.Category;
import io.denywatch.contract.denial.DenyKind;
import io.denywatch.contract.denial.FixLocation;
import io.denywatch.contract.denial.PolicyType;
import io.denywatch.contract.digest.Digest;
import io.denywatch.contract.incident.SpikeRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DigestBuilderTest {

    private static Digest digestOf(List<Fortnight.Stamped> corpus, int maxKeys, int top) {
        DenialsRead read = new DenialsRead(Fortnight.CURRENT, maxKeys);
        corpus.forEach(s -> read.denial(s.denial(), s.at()));
        for (Object[] incident : Fortnight.incidents()) {
            read.incident((SpikeRecord) incident[0], (Instant) incident[1]);
        }
        return new DigestBuilder(top).build(Fortnight.CURRENT, read.current(), read.previous(),
                read.previousComplete(), read.incidents());
    }

    @Test
    void aGeneratedFortnightGivesTheDigestComputedFromTheCorpus() {
        List<Fortnight.Stamped> corpus = Fortnight.denials(7, 20_000);

        Digest digest = digestOf(corpus, 100_000, 10);

        new DigestModel(corpus, Fortnight.CURRENT).check(digest, 10);
        assertEquals(DigestModel.expectedIncidents(), DigestModel.incidents(digest));
        assertEquals("digest-2026-11-23T09:00:00Z", digest.digestId());
        assertEquals(Instant.parse("2026-11-16T09:00:00Z"), digest.previousStart());
        // The generator gives the corpus both kinds of principal, and new pairs: the check is not vacuous.
        assertFalse(digest.missingPermissions().isEmpty());
        assertFalse(digest.stoppedByGuardrails().isEmpty());
        assertTrue(digest.newPairsTotal() > 0);
    }

    @Test
    void aPrincipalMostlyMissingAPermissionIsToldApartFromOneStoppedByAnScp() {
        Instant at = Fortnight.CURRENT.start().plus(Duration.ofHours(1));
        var implicit = Fortnight.diagnosis(DenyKind.IMPLICIT, PolicyType.IDENTITY_BASED, FixLocation.IDENTITY_POLICY);
        var scp = Fortnight.diagnosis(DenyKind.UNKNOWN, PolicyType.SERVICE_CONTROL_POLICY, FixLocation.ORGANIZATION);
        var explicit = Fortnight.diagnosis(DenyKind.EXPLICIT, PolicyType.IDENTITY_BASED, FixLocation.IDENTITY_POLICY);
        List<Fortnight.Stamped> corpus = List.of(
                stamped("1", Fortnight.role(1), "s3:GetObject", implicit, at),
                stamped("2", Fortnight.role(1), "s3:GetObject", implicit, at),
                stamped("3", Fortnight.role(1), "kms:Decrypt", scp, at),
                stamped("4", Fortnight.role(2), "s3:PutObject", scp, at),
                stamped("5", Fortnight.role(2), "s3:PutObject", explicit, at),
                stamped("6", Fortnight.role(2), "s3:PutObject", implicit, at));

        Digest digest = digestOf(corpus, 1000, 10);

        assertEquals(List.of(new Digest.PrincipalShare(Fortnight.role(1), 3, 2, 1, "s3:GetObject")),
                digest.missingPermissions());
        assertEquals(List.of(new Digest.PrincipalShare(Fortnight.role(2), 3, 1, 2, "s3:PutObject")),
                digest.stoppedByGuardrails());
    }

    @Test
    void beyondTheBoundOnDistinctNamesTheRestIsCountedAsOtherAndTotalsStayExact() {
        List<Fortnight.Stamped> corpus = Fortnight.denials(11, 5_000);

        Digest digest = digestOf(corpus, 5, 25);

        long current = corpus.stream().filter(s -> s.denial().category() == Category.AUTHORIZATION
                && Fortnight.CURRENT.contains(s.at())).count();
        assertEquals(current, digest.denials());
        assertEquals(current, digest.topPrincipals().stream().mapToLong(Digest.Ranked::denials).sum());
        assertTrue(digest.topPrincipals().stream().anyMatch(r -> r.name().equals(PeriodCounts.OTHER)));
        assertTrue(digest.approximate());
        assertTrue(digest.topPrincipals().size() <= 6);
    }

    @Test
    void theScheduleFallsOnMondaysAtNineUtcByDefault() {
        DigestSchedule weekly = new DigestSchedule(Instant.parse("2024-01-01T09:00:00Z"), Duration.ofDays(7));

        assertEquals(Fortnight.CURRENT.previous().end(),
                weekly.lastCompleted(Instant.parse("2026-11-23T09:00:00Z")).end());
        assertEquals(new DigestPeriod(Instant.parse("2026-11-23T09:00:00Z"), Instant.parse("2026-11-30T09:00:00Z")),
                weekly.lastCompleted(Instant.parse("2026-12-03T17:00:00Z")));
        assertEquals(Instant.parse("2026-12-07T09:00:00Z"), weekly.nextBoundary(Instant.parse("2026-11-30T09:00:00Z")));
        assertEquals(Instant.parse("2026-11-30T09:00:00Z"),
                weekly.nextBoundary(Instant.parse("2026-11-30T08:59:59Z")));
    }

    private static Fortnight.Stamped stamped(String id, String role, String action,
                                             io.denywatch.contract.denial.Diagnosis d, Instant at) {
        return new Fortnight.Stamped(Fortnight.denial(id, role, action, d, Category.AUTHORIZATION, at), at);
    }
}
