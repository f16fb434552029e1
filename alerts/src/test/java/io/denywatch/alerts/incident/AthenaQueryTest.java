package io.denywatch.alerts.incident;

import io.denywatch.contract.incident.SpikeRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AthenaQueryTest {

    private static SpikeRecord withKey(SpikeRecord.Key key) {
        SpikeRecord r = Incidents.open();
        return new SpikeRecord(r.schemaVersion(), r.incidentId(), r.state(), r.severity(), r.dimension(), key,
                r.windowStart(), r.windowEnd(), r.count(), r.baseline(), r.firstSeen(), r.lastSeen(), r.openedAt(),
                r.principalArn(), r.topActions(), r.topResources(), r.topResourceFamilies(), r.topErrorMessages(),
                r.topPolicyTypes(), r.sampleEventIds(), r.sampleRequestIds(), r.diagnosis());
    }

    @Test
    void selectsThePrincipalsErrorsOverTheWholeIncidentWithTheColumnsNeeded() {
        assertEquals(List.of(
                "SELECT eventtime, useridentity.arn AS principal_arn, eventsource, eventname, errorcode, errormessage, "
                        + "awsregion, sourceipaddress, requestid, eventid",
                "FROM audit.cloudtrail_logs",
                // From the reported window's start (before the first denial) to the incident's latest denial.
                "WHERE eventtime BETWEEN '2026-11-23T19:00:00Z' AND '2026-11-23T19:14:40Z'",
                "  AND (useridentity.sessioncontext.sessionissuer.arn = 'arn:aws:iam::123456789012:role/deploy-role' "
                        + "OR useridentity.arn = 'arn:aws:iam::123456789012:role/deploy-role')",
                "  AND errorcode IS NOT NULL",
                "ORDER BY eventtime",
                "LIMIT 500"), AthenaQuery.lines(Incidents.open(), "audit.cloudtrail_logs"));
    }

    @Test
    void aVersionOneMessageIsQueriedOverItsWindow() {
        SpikeRecord r = Incidents.open();
        SpikeRecord v1 = new SpikeRecord(1, r.incidentId(), r.state(), r.severity(), r.dimension(), r.key(),
                r.windowStart(), r.windowEnd(), r.count(), r.baseline(), r.firstSeen(), r.lastSeen(), r.openedAt(),
                r.principalArn(), r.topActions(), r.topResources(), r.topResourceFamilies(), r.topErrorMessages(),
                r.topPolicyTypes(), r.sampleEventIds(), r.sampleRequestIds(), r.diagnosis());

        assertEquals("WHERE eventtime BETWEEN '2026-11-23T19:00:00Z' AND '2026-11-23T19:05:00Z'",
                AthenaQuery.lines(v1, "cloudtrail_logs").get(2));
    }

    @Test
    void singleQuotesInValuesAreDoubledSoTheyCannotEndTheLiteral() {
        SpikeRecord r = withKey(new SpikeRecord.Key("arn:aws:iam::1:role/x' OR '1'='1", null, null, null));

        assertEquals("  AND (useridentity.sessioncontext.sessionissuer.arn = 'arn:aws:iam::1:role/x'' OR ''1''=''1' "
                        + "OR useridentity.arn = 'arn:aws:iam::1:role/x'' OR ''1''=''1')",
                AthenaQuery.lines(r, "cloudtrail_logs").get(3));
    }

    @Test
    void aLiteralIsQuotedWithItsQuotesDoubled() {
        assertEquals("'''; DROP TABLE t; --'", AthenaQuery.literal("'; DROP TABLE t; --"));
        assertEquals("''", AthenaQuery.literal(""));
    }

    @Test
    void anAccountIncidentFiltersByTheAccount() {
        SpikeRecord r = withKey(new SpikeRecord.Key(null, null, null, "123456789012"));

        assertEquals("  AND recipientaccountid = '123456789012'", AthenaQuery.lines(r, "cloudtrail_logs").get(3));
    }

    @ParameterizedTest
    @ValueSource(strings = {"t; DROP TABLE x", "\"t\"", "a.b.c.d", "1table", "", "t--", "t x"})
    void aTableNameThatIsNotAPlainIdentifierIsRefused(String table) {
        assertThrows(IllegalArgumentException.class, () -> AthenaQuery.requireTableName(table));
    }

    @ParameterizedTest
    @ValueSource(strings = {"cloudtrail_logs", "db.cloudtrail_logs", "AwsDataCatalog.db.cloudtrail_logs"})
    void plainIdentifiersAreAcceptedAsTableNames(String table) {
        assertEquals(table, AthenaQuery.requireTableName(table));
    }
}
