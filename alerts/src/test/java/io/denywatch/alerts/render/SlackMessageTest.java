package io.denywatch.alerts.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.denywatch.alerts.incident.Incidents;
import io.denywatch.analyzer.spike.SpikeRecord;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlackMessageTest {

    private static final String RUNBOOK = "https://wiki.example.com/runbooks/denials";
    private static final AlertLinks LINKS = new AlertLinks("cloudtrail_logs", RUNBOOK);

    private static ObjectNode expectedCard(String state, long count) {
        return new ExpectedBlocks()
                .header(":red_circle: CRITICAL \u00b7 " + state + " \u00b7 access denial spike")
                .section("`deploy-role` (session `ci-build-42`) was denied *" + count + "* times in 5 min "
                        + "(baseline 1.5), mostly `s3:PutObject` on `s3:object`")
                .section("*Why:* an explicit deny in a service control policy (SCP)\n"
                        + "*Policy:* `" + Incidents.SCP_ARN + "`\n"
                        + "*Fix lives in:* the organization's SCPs or RCPs, changed from the management account or a "
                        + "delegated administrator; no policy in this account can override them\n"
                        + "A service control policy blocks this for the whole account.")
                .context("`" + Incidents.ROLE_ARN + "` \u00b7 incident `dw-0123456789abcdef` \u00b7 by principal "
                        + "\u00b7 window 2026-11-23 19:00\u201319:05 UTC")
                .divider()
                .section("*Top resources*\n"
                        + "\u2022 `arn:aws:s3:::releases-bucket/builds/app.tar.gz` \u00d730\n"
                        + "\u2022 `arn:aws:s3:::releases-bucket/builds/app.sha256` \u00d712")
                .section("*Top error messages*\n"
                        + "\u2022 `User: " + Incidents.SESSION_ARN + " is not authorized to perform: s3:PutObject on "
                        + "resource: \"arn:aws:s3:::releases-bucket/builds/app.tar.gz\" with an explicit deny in a "
                        + "service control policy` \u00d740")
                .section("*Next commands*")
                .section("```aws organizations describe-policy --policy-id p-deny0001```")
                .section("*Sample event IDs:* `11111111-2222-3333-4444-555555555555`\n"
                        + "*Sample request IDs:* `ABCDEF0123456789`")
                .section("*Athena* (table `cloudtrail_logs`)\n```"
                        + "SELECT eventtime, useridentity.arn AS principal_arn, eventsource, eventname, errorcode, "
                        + "errormessage, awsregion, sourceipaddress, requestid, eventid\n"
                        + "FROM cloudtrail_logs\n"
                        + "WHERE eventtime BETWEEN '2026-11-23T19:00:00Z' AND '2026-11-23T19:05:00Z'\n"
                        + "  AND (useridentity.sessioncontext.sessionissuer.arn = '" + Incidents.ROLE_ARN + "'"
                        + " OR useridentity.arn = '" + Incidents.ROLE_ARN + "')\n"
                        + "  AND errorcode IS NOT NULL\n"
                        + "ORDER BY eventtime\n"
                        + "LIMIT 500```")
                .context("<" + RUNBOOK + "|Runbook>")
                .message("[CRITICAL] Access denial spike " + state + ": deploy-role denied " + count
                        + "x in 5 min (baseline 1.5), mostly s3:PutObject on s3:object, incident dw-0123456789abcdef");
    }

    @Test
    void anOpenIncidentRendersTheFullCardExactly() {
        assertEquals(expectedCard("OPEN", 42), SlackMessage.build(Incidents.open(), LINKS));
    }

    @Test
    void anUpdateRendersTheSameCardWithTheNewCount() {
        assertEquals(expectedCard("UPDATE", 97),
                SlackMessage.build(Incidents.open(SpikeRecord.State.UPDATE, 97), LINKS));
    }

    @Test
    void aResolvedIncidentRendersAShortNoticeExactly() {
        ObjectNode expected = new ExpectedBlocks()
                .header(":white_check_mark: RESOLVED \u00b7 access denial spike")
                .section("`deploy-role` (session `ci-build-42`) is back to its usual level of denials. "
                        + "Last window: *3* in 5 min (baseline 1.5).")
                .context("incident `dw-0123456789abcdef` \u00b7 opened 2026-11-23T19:03:00Z "
                        + "\u00b7 last denial 2026-11-23T19:04:58Z")
                .message("Resolved: access denial spike for deploy-role, incident dw-0123456789abcdef");

        assertEquals(expected, SlackMessage.build(Incidents.open(SpikeRecord.State.RESOLVED, 3), LINKS));
    }

    @Test
    void withoutARunbookTheCardEndsWithTheAthenaQuery() {
        JsonNode blocks = SlackMessage.build(Incidents.open(), AlertLinks.defaults()).get("blocks");

        assertTrue(blocks.get(blocks.size() - 1).get("text").get("text").asText().startsWith("*Athena*"));
    }

    @Test
    void aRunbookUrlThatCouldBreakOutOfASlackLinkIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new AlertLinks("cloudtrail_logs", "https://x.example/a|<!channel>"));
        assertThrows(IllegalArgumentException.class, () -> new AlertLinks("cloudtrail_logs", "javascript:alert(1)"));
        assertThrows(IllegalArgumentException.class, () -> new AlertLinks("cloudtrail_logs", "/relative"));
    }
}
