package io.denywatch.alerts.pagerduty;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.denywatch.alerts.incident.Incidents;
import io.denywatch.alerts.render.AlertLinks;
import io.denywatch.contract.incident.SpikeRecord;
import io.denywatch.common.json.Json;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PagerDutyEventTest {

    private static final String ROUTING_KEY = "R0123456789abcdef0123456789abcde";

    private static SpikeRecord withSeverity(SpikeRecord.Severity severity) {
        return Incidents.withSeverity(Incidents.open(), severity);
    }

    @Test
    void aTriggerCarriesTheDiagnosisAndNextStepsExactly() {
        ObjectNode expected = Json.mapper().createObjectNode()
                .put("routing_key", ROUTING_KEY)
                .put("event_action", "trigger")
                .put("dedup_key", "dw-0123456789abcdef");
        ObjectNode payload = expected.putObject("payload")
                .put("summary", "[CRITICAL] Access denial spike: 318 denials in 15 min, peak 120 per 5 min \u2014 "
                        + "deploy-role denied, mostly s3:PutObject on s3:object (baseline 1.5 per 5 min); an explicit "
                        + "deny in a service control policy (SCP)")
                .put("source", Incidents.ROLE_ARN)
                .put("severity", "critical")
                .put("timestamp", "2026-11-23T19:14:40Z")
                .put("component", "s3:PutObject")
                .put("group", "123456789012")
                .put("class", "access-denial-spike");
        ObjectNode details = payload.putObject("custom_details")
                .put("incident_id", "dw-0123456789abcdef")
                .put("state", "OPEN")
                .put("dimension", "principal")
                .put("principal", Incidents.ROLE_ARN)
                .put("principal_arn_seen", Incidents.SESSION_ARN)
                .put("account", "123456789012")
                .put("size", "318 denials in 15 min, peak 120 per 5 min")
                .put("total_count", 318L)
                .put("peak_count", 120L)
                .put("peak_window_start", "2026-11-23T19:02:00Z")
                .put("duration_seconds", 873L)
                .put("started_at", "2026-11-23T19:00:07Z")
                .put("latest_at", "2026-11-23T19:14:40Z")
                .put("count", 42L)
                .put("baseline", 1.5)
                .put("window_start", "2026-11-23T19:00:00Z")
                .put("window_end", "2026-11-23T19:05:00Z")
                .put("why", "an explicit deny in a service control policy (SCP)")
                .put("fix_lives_in", "the organization's SCPs or RCPs, changed from the management account or a "
                        + "delegated administrator; no policy in this account can override them")
                .put("policy_arn", Incidents.SCP_ARN)
                .put("advice", "A service control policy blocks this for the whole account.");
        details.putArray("next_steps").add("aws organizations describe-policy --policy-id p-deny0001");
        details.putArray("top_resources")
                .add(Json.mapper().createObjectNode()
                        .put("value", "arn:aws:s3:::releases-bucket/builds/app.tar.gz").put("count", 30L))
                .add(Json.mapper().createObjectNode()
                        .put("value", "arn:aws:s3:::releases-bucket/builds/app.sha256").put("count", 12L));
        details.putArray("top_error_messages").addObject()
                .put("value", "User: " + Incidents.SESSION_ARN + " is not authorized to perform: s3:PutObject on "
                        + "resource: \"arn:aws:s3:::releases-bucket/builds/app.tar.gz\" with an explicit deny in a "
                        + "service control policy")
                .put("count", 40L);
        details.putArray("sample_event_ids").add("11111111-2222-3333-4444-555555555555");
        details.putArray("sample_request_ids").add("ABCDEF0123456789");
        details.put("athena_query", "SELECT eventtime, useridentity.arn AS principal_arn, eventsource, eventname, "
                + "errorcode, errormessage, awsregion, sourceipaddress, requestid, eventid\n"
                + "FROM cloudtrail_logs\n"
                + "WHERE eventtime BETWEEN '2026-11-23T19:00:00Z' AND '2026-11-23T19:14:40Z'\n"
                + "  AND (useridentity.sessioncontext.sessionissuer.arn = '" + Incidents.ROLE_ARN + "'"
                + " OR useridentity.arn = '" + Incidents.ROLE_ARN + "')\n"
                + "  AND errorcode IS NOT NULL\n"
                + "ORDER BY eventtime\n"
                + "LIMIT 500");
        expected.put("client", "denywatch");

        assertEquals(expected, PagerDutyEvent.trigger(Incidents.open(), ROUTING_KEY));
    }

    @Test
    void aResolveClosesTheAlertByTheIncidentId() {
        ObjectNode expected = Json.mapper().createObjectNode()
                .put("routing_key", ROUTING_KEY)
                .put("event_action", "resolve")
                .put("dedup_key", "dw-0123456789abcdef");

        assertEquals(expected, PagerDutyEvent.resolve(Incidents.open(SpikeRecord.State.RESOLVED, 3), ROUTING_KEY));
    }

    @Test
    void theStatePicksTriggerOrResolve() {
        AlertLinks links = AlertLinks.defaults();

        assertEquals("trigger", PagerDutyEvent.of(Incidents.open(SpikeRecord.State.UPDATE, 90), ROUTING_KEY, links)
                .get("event_action").asText());
        assertEquals("resolve", PagerDutyEvent.of(Incidents.open(SpikeRecord.State.RESOLVED, 1), ROUTING_KEY, links)
                .get("event_action").asText());
    }

    @Test
    void severitiesMapToPagerDutysLevels() {
        assertEquals("warning", PagerDutyEvent.trigger(withSeverity(SpikeRecord.Severity.MEDIUM), ROUTING_KEY)
                .get("payload").get("severity").asText());
        assertEquals("error", PagerDutyEvent.trigger(withSeverity(SpikeRecord.Severity.HIGH), ROUTING_KEY)
                .get("payload").get("severity").asText());
        assertEquals("critical", PagerDutyEvent.trigger(withSeverity(SpikeRecord.Severity.CRITICAL), ROUTING_KEY)
                .get("payload").get("severity").asText());
    }

    @Test
    void theSummaryIsCutToPagerDutysLimitAndCleanedOfControlCharacters() {
        String summary = PagerDutyEvent.trigger(Incidents.hostile("a\nb" + "x".repeat(5000)), ROUTING_KEY)
                .get("payload").get("summary").asText();

        assertEquals(PagerDutyEvent.SUMMARY_MAX, summary.length());
        assertTrue(summary.endsWith("\u2026"));
        assertFalse(summary.contains("\n"));
    }

    @Test
    void aMissingRoutingKeyIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> PagerDutyEvent.trigger(Incidents.open(), " "));
        assertThrows(IllegalArgumentException.class, () -> PagerDutyEvent.resolve(Incidents.open(), null));
    }
}
