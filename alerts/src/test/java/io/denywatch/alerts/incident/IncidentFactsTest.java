package io.denywatch.alerts.incident;

import io.denywatch.contract.incident.SpikeRecord;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

class IncidentFactsTest {

    private static IncidentFacts facts(SpikeRecord.Key key, String principalArn) {
        SpikeRecord r = Incidents.open();
        return new IncidentFacts(new SpikeRecord(r.schemaVersion(), r.incidentId(), r.state(), r.severity(),
                r.dimension(), key, r.windowStart(), r.windowEnd(), r.count(), r.baseline(), r.firstSeen(),
                r.lastSeen(), r.openedAt(), principalArn, List.of(), List.of(), List.of(), List.of(), List.of(),
                List.of(), List.of(), null));
    }

    @Test
    void readsRoleSessionAndAccountFromTheRepresentativeIncident() {
        IncidentFacts facts = new IncidentFacts(Incidents.open());

        assertEquals("deploy-role", facts.principalName());
        assertEquals("ci-build-42", facts.session());
        assertEquals("123456789012", facts.account());
        assertEquals("s3:PutObject", facts.action());
        assertEquals("s3:object", facts.resourceFamily());
        assertFalse(facts.actionIsKeyed());
        assertEquals(5, facts.windowMinutes());
        assertEquals("1.5", facts.baselineText());
    }

    @Test
    void theSummaryLeadsWithTheIncidentsWholeSizeNotTheWindowCount() {
        assertEquals("318 denials in 15 min, peak 120 per 5 min \u2014 deploy-role denied, mostly s3:PutObject on "
                + "s3:object (baseline 1.5 per 5 min)", new IncidentFacts(Incidents.open()).summary());
        assertEquals("resolved after 318 denials in 15 min, peak 120 per 5 min \u2014 deploy-role denied, mostly "
                        + "s3:PutObject on s3:object (baseline 1.5 per 5 min)",
                new IncidentFacts(Incidents.open(SpikeRecord.State.RESOLVED, 3)).summary());
    }

    @Test
    void aKeyedActionIsSaidAsWhatWasDeniedAndAnAccountWithoutOneAsWho() {
        // Built as version-1 messages: their size is the window count.
        IncidentFacts keyed = facts(new SpikeRecord.Key(Incidents.ROLE_ARN, "kms:Decrypt", "kms:key", null), null);
        IncidentFacts account = facts(new SpikeRecord.Key(null, null, null, "123456789012"), null);

        assertEquals("42 denials in 5 min, peak 42 per 5 min \u2014 deploy-role denied kms:Decrypt on kms:key "
                + "(baseline 1.5 per 5 min)", keyed.summary());
        assertEquals("42 denials in 5 min, peak 42 per 5 min \u2014 account 123456789012 denied (baseline 1.5 per "
                + "5 min)", account.summary());
    }

    @Test
    void oddArnsAreShownWholeRatherThanFailing() {
        IncidentFacts root = facts(new SpikeRecord.Key("arn:aws:iam::123456789012:root", null, null, null),
                "arn:aws:iam::123456789012:root");
        IncidentFacts junk = facts(new SpikeRecord.Key("not-an-arn", null, null, null), "assumed-role/");

        assertEquals("root", root.principalName());
        assertNull(root.session());
        assertEquals("not-an-arn", junk.principalName());
        assertNull(junk.session());
        assertNull(junk.account());
        assertNull(junk.action());
    }

    @Test
    void anAccountIncidentHasNoPrincipal() {
        IncidentFacts facts = facts(new SpikeRecord.Key(null, null, null, "123456789012"), null);

        assertNull(facts.principalName());
        assertEquals("123456789012", facts.account());
    }
}
