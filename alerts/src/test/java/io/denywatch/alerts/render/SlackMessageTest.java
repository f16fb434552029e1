package io.denywatch.alerts.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.denywatch.alerts.incident.Incidents;
import io.denywatch.contract.incident.SpikeRecord;
import io.denywatch.common.json.Json;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlackMessageTest {

    private static final String RUNBOOK = "https://wiki.example.com/runbooks/denials";
    private static final AlertLinks LINKS = new AlertLinks("cloudtrail_logs", RUNBOOK);

    /** The card, whose context names {@code window}: the crossing for OPEN, the peak's window after. */
    private static ObjectNode expectedCard(String state, String window) {
        return new ExpectedBlocks()
                .header(":red_circle: CRITICAL \u00b7 " + state + " \u00b7 access denial spike")
                .section("*318 denials in 15 min, peak 120 per 5 min* \u2014 `deploy-role` (session `ci-build-42`) "
                        + "was denied, mostly `s3:PutObject` on `s3:object` (baseline 1.5 per 5 min)")
                .section("*Why:* an explicit deny in a service control policy (SCP)\n"
                        + "*Policy:* `" + Incidents.SCP_ARN + "`\n"
                        + "*Fix lives in:* the organization's SCPs or RCPs, changed from the management account or a "
                        + "delegated administrator; no policy in this account can override them\n"
                        + "A service control policy blocks this for the whole account.")
                .context("`" + Incidents.ROLE_ARN + "` \u00b7 incident `dw-0123456789abcdef` \u00b7 by principal "
                        + "\u00b7 " + window)
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
                        + "WHERE eventtime BETWEEN '2026-11-23T19:00:00Z' AND '2026-11-23T19:14:40Z'\n"
                        + "  AND (useridentity.sessioncontext.sessionissuer.arn = '" + Incidents.ROLE_ARN + "'"
                        + " OR useridentity.arn = '" + Incidents.ROLE_ARN + "')\n"
                        + "  AND errorcode IS NOT NULL\n"
                        + "ORDER BY eventtime\n"
                        + "LIMIT 500```")
                .context("<" + RUNBOOK + "|Runbook>")
                .message("[CRITICAL] Access denial spike " + state + ": 318 denials in 15 min, peak 120 per 5 min "
                        + "\u2014 deploy-role denied, mostly s3:PutObject on s3:object (baseline 1.5 per 5 min), "
                        + "incident dw-0123456789abcdef");
    }

    @Test
    void anOpenIncidentRendersTheFullCardExactly() {
        assertEquals(expectedCard("OPEN", "crossed at 42 in the window 2026-11-23 19:00\u201319:05 UTC"),
                SlackMessage.build(Incidents.open(), LINKS));
    }

    @Test
    void anUpdateRendersTheSameCardWithTheIncidentsSizeAndNotTheWindowCount() {
        ObjectNode card = SlackMessage.build(Incidents.open(SpikeRecord.State.UPDATE, 97), LINKS);

        assertEquals(expectedCard("UPDATE", "peak in the window 2026-11-23 19:02\u201319:07 UTC"), card);
        assertFalse(card.toString().contains("97"), "the window count is not the incident's size: " + card);
    }

    @Test
    void theCardLeadsWithTheWholeSizeBeforeAnyWindowCount() {
        String summary = SlackMessage.build(Incidents.open(), LINKS).get("blocks").get(1).get("text").get("text")
                .asText();
        String fallback = SlackMessage.fallbackText(Incidents.open());

        assertTrue(summary.startsWith("*318 denials in 15 min, peak 120 per 5 min*"), summary);
        assertFalse(summary.replace("ci-build-42", "").contains("42"), "the crossing count stays out: " + summary);
        assertTrue(fallback.indexOf("318 denials") < fallback.indexOf("deploy-role"), fallback);
    }

    @Test
    void aVersionOneMessageStillOnTheTopicIsToldByItsWindowCount() throws Exception {
        ObjectNode v1 = Json.mapper().valueToTree(Incidents.open());
        v1.put("schemaVersion", 1);
        for (String added : List.of("totalCount", "peakCount", "peakWindowStart", "startedAt", "latestAt",
                "durationSeconds", "resolvedAt")) {
            v1.remove(added);
        }
        SpikeRecord read = Json.mapper().treeToValue(v1, SpikeRecord.class);

        String summary = SlackMessage.build(read, LINKS).get("blocks").get(1).get("text").get("text").asText();

        assertTrue(summary.startsWith("*42 denials in 5 min, peak 42 per 5 min*"), summary);
    }

    @Test
    void aResolvedIncidentRendersAShortNoticeExactly() {
        ObjectNode expected = new ExpectedBlocks()
                .header(":white_check_mark: RESOLVED \u00b7 access denial spike")
                .section("*Resolved after 318 denials in 15 min, peak 120 per 5 min.* `deploy-role` (session "
                        + "`ci-build-42`) is back to its usual level of denials (baseline 1.5 per 5 min).")
                .context("incident `dw-0123456789abcdef` \u00b7 opened 2026-11-23T19:03:00Z "
                        + "\u00b7 first denial 2026-11-23T19:00:07Z \u00b7 last denial 2026-11-23T19:14:40Z "
                        + "\u00b7 resolved 2026-11-23T19:29:40Z")
                .message("Resolved after 318 denials in 15 min, peak 120 per 5 min: access denial spike for "
                        + "deploy-role, incident dw-0123456789abcdef");

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
