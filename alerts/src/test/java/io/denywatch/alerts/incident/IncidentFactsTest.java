package io.denywatch.alerts.incident;

import io.denywatch.analyzer.spike.SpikeRecord;
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
