package io.denywatch.alerts.pagerduty;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.denywatch.alerts.incident.AthenaQuery;
import io.denywatch.alerts.incident.IncidentFacts;
import io.denywatch.alerts.incident.ResolutionWording;
import io.denywatch.alerts.incident.Wording;
import io.denywatch.alerts.render.AlertLinks;
import io.denywatch.alerts.text.PlainText;
import io.denywatch.contract.denial.Resolution;
import io.denywatch.contract.denial.StatementFinding;
import io.denywatch.contract.incident.IncidentSize;
import io.denywatch.contract.incident.SpikeRecord;
import io.denywatch.contract.incident.ValueCount;
import io.denywatch.common.json.Json;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * PagerDuty Events API v2 bodies for an incident.
 *
 * <p>The incident id is the {@code dedup_key}, so OPEN and every UPDATE land on one PagerDuty alert and RESOLVED
 * closes it. The summary leads with the incident's whole size and the details carry it as numbers ({@code total_count},
 * {@code peak_count}, {@code peak_window_start}, {@code duration_seconds}) beside the reported window's {@code count}.
 * A resolve event carries no payload (the Events API ignores one), so the last trigger holds the size PagerDuty shows.
 *
 * <p>PagerDuty shows text as typed, so values are not escaped, only cleaned of control characters and cut: the summary
 * to PagerDuty's 1024 characters, every other value so that a body stays far below its 512 KB limit.
 */
public final class PagerDutyEvent {

    /** PagerDuty's limit for {@code payload.summary}. */
    public static final int SUMMARY_MAX = 1024;
    static final int VALUE_MAX = 2048;
    static final int TOP_ITEMS = 5;
    static final int MAX_COMMANDS = 10;

    private PagerDutyEvent() {
    }

    /** The body for the incident's state: trigger while open or growing, resolve once over. */
    public static ObjectNode of(SpikeRecord spike, String routingKey, AlertLinks links) {
        return spike.state() == SpikeRecord.State.RESOLVED ? resolve(spike, routingKey) : trigger(spike, routingKey,
                links);
    }

    /** A trigger event, with the Athena query written for the default table. */
    public static ObjectNode trigger(SpikeRecord spike, String routingKey) {
        return trigger(spike, routingKey, AlertLinks.defaults());
    }

    /** A trigger event: opens the alert, or adds to the open one with the same incident id. */
    public static ObjectNode trigger(SpikeRecord spike, String routingKey, AlertLinks links) {
        IncidentFacts facts = new IncidentFacts(spike);
        ObjectNode event = envelope(spike, routingKey, "trigger");
        ObjectNode payload = event.putObject("payload");
        payload.put("summary", PlainText.clean("[" + spike.severity() + "] Access denial spike: " + facts.summary()
                + "; " + Wording.why(spike.diagnosis()), SUMMARY_MAX));
        payload.put("source", clean(facts.identityArn() != null ? facts.identityArn()
                : facts.account() != null ? "aws account " + facts.account() : "denywatch"));
        payload.put("severity", severity(spike.severity()));
        Instant timestamp = spike.latestAt() != null ? spike.latestAt()
                : spike.lastSeen() != null ? spike.lastSeen() : spike.windowEnd();
        if (timestamp != null) {
            payload.put("timestamp", timestamp.toString());
        }
        putIfPresent(payload, "component", facts.action());
        putIfPresent(payload, "group", facts.account());
        payload.put("class", "access-denial-spike");
        payload.set("custom_details", details(spike, facts, links));
        event.put("client", "denywatch");
        return event;
    }

    /** A resolve event: closes the alert with the incident's id. */
    public static ObjectNode resolve(SpikeRecord spike, String routingKey) {
        return envelope(spike, routingKey, "resolve");
    }

    /** MEDIUM is a warning, HIGH an error, CRITICAL critical. */
    static String severity(SpikeRecord.Severity severity) {
        if (severity == null) {
            return "warning";
        }
        switch (severity) {
            case CRITICAL:
                return "critical";
            case HIGH:
                return "error";
            default:
                return "warning";
        }
    }

    private static ObjectNode envelope(SpikeRecord spike, String routingKey, String action) {
        if (routingKey == null || routingKey.isBlank()) {
            throw new IllegalArgumentException("PagerDuty routing key is missing");
        }
        return Json.mapper().createObjectNode()
                .put("routing_key", routingKey)
                .put("event_action", action)
                .put("dedup_key", Objects.requireNonNull(spike.incidentId(), "incidentId"));
    }

    private static ObjectNode details(SpikeRecord spike, IncidentFacts facts, AlertLinks links) {
        ObjectNode d = Json.mapper().createObjectNode();
        d.put("incident_id", spike.incidentId());
        d.put("state", String.valueOf(spike.state()));
        d.put("dimension", clean(spike.dimension()));
        putIfPresent(d, "principal", facts.identityArn());
        putIfPresent(d, "principal_arn_seen", spike.principalArn());
        putIfPresent(d, "account", facts.account());
        d.put("size", IncidentSize.phrase(spike));
        d.put("total_count", spike.total());
        d.put("peak_count", spike.peak());
        d.put("peak_window_start", String.valueOf(spike.peakWindowStart() != null ? spike.peakWindowStart()
                : spike.windowStart()));
        d.put("duration_seconds", spike.durationSeconds());
        d.put("started_at", String.valueOf(spike.startedAt() != null ? spike.startedAt() : spike.firstSeen()));
        d.put("latest_at", String.valueOf(spike.latestAt() != null ? spike.latestAt() : spike.lastSeen()));
        // The reported window, after the incident's size: for an OPEN message, the window that crossed.
        d.put("count", spike.count());
        d.put("baseline", spike.baseline());
        d.put("window_start", String.valueOf(spike.windowStart()));
        d.put("window_end", String.valueOf(spike.windowEnd()));
        SpikeRecord.Reason reason = spike.diagnosis();
        d.put("why", clean(Wording.why(reason)));
        d.put("fix_lives_in", clean(Wording.fixLocation(reason)));
        if (reason != null) {
            putIfPresent(d, "policy_arn", reason.policyArn());
            putIfPresent(d, "advice", reason.advice());
            strings(d.putArray("next_steps"), reason.nextSteps(), MAX_COMMANDS);
        }
        counts(d.putArray("top_resources"), spike.topResources());
        counts(d.putArray("top_error_messages"), spike.topErrorMessages());
        strings(d.putArray("sample_event_ids"), spike.sampleEventIds(), TOP_ITEMS);
        strings(d.putArray("sample_request_ids"), spike.sampleRequestIds(), TOP_ITEMS);
        d.put("athena_query", AthenaQuery.text(spike, links.athenaTable()));
        if (spike.resolution() != null) {
            d.set("resolution", resolution(spike.resolution()));
        }
        return d;
    }

    /**
     * A follow-up: the statements behind an incident whose alert is open, from a lookup that answered after the
     * alert was triggered. The Events API v2 has no endpoint for notes; a trigger with the same {@code dedup_key}
     * while an alert with that key is open is deduplicated into it — no new alert, no new page — and appended to the
     * alert's log with its own summary and {@code custom_details}; with no open alert, it opens a new one
     * (https://developer.pagerduty.com/docs/events-api-v2/trigger-events/, "dedup_key"). So it is never sent once the
     * alert was resolved.
     */
    public static ObjectNode followUp(SpikeRecord spike, String routingKey, AlertLinks links) {
        ObjectNode event = trigger(spike, routingKey, links);
        Resolution resolution = spike.resolution();
        ((ObjectNode) event.get("payload")).put("summary", PlainText.clean("[" + spike.severity() + "] "
                + ResolutionWording.headline(resolution) + ": " + resolution.summary() + " \u2014 "
                + new IncidentFacts(spike).summary(), SUMMARY_MAX));
        ((ObjectNode) event.get("payload").get("custom_details")).put("follow_up", "statements behind the denials");
        return event;
    }

    private static ObjectNode resolution(Resolution resolution) {
        ObjectNode r = Json.mapper().createObjectNode();
        r.put("outcome", resolution.outcome().name());
        r.put("method", resolution.method().name());
        r.put("headline", ResolutionWording.headline(resolution));
        r.put("summary", clean(resolution.summary()));
        ArrayNode statements = r.putArray("statements");
        for (int i = 0; i < resolution.statements().size() && i < TOP_ITEMS; i++) {
            StatementFinding finding = resolution.statements().get(i);
            ObjectNode s = statements.addObject();
            putIfPresent(s, "sid", finding.sid());
            putIfPresent(s, "policy_arn", finding.policyArn());
            s.put("policy_type", finding.policyType().name());
            putIfPresent(s, "effect", finding.effect());
            s.put("verdict", finding.verdict().name());
            s.put("verdict_text", ResolutionWording.verdict(finding.verdict()));
            putIfPresent(s, "explanation", finding.explanation());
            ArrayNode conditions = s.putArray("conditions");
            for (StatementFinding.ConditionCheck check : finding.conditions()) {
                ObjectNode c = conditions.addObject();
                putIfPresent(c, "operator", check.operator());
                putIfPresent(c, "key", check.key());
                strings(c.putArray("values"), check.values(), TOP_ITEMS);
                putIfPresent(c, "record_value", check.recordValue());
                c.put("outcome", check.outcome().name());
            }
            if (finding.statement() != null && !finding.statement().isNull()) {
                s.put("statement", clean(finding.statement().toString()));
            }
        }
        strings(r.putArray("notes"), resolution.notes(), TOP_ITEMS);
        return r;
    }

    private static void counts(ArrayNode into, List<ValueCount> entries) {
        if (entries == null) {
            return;
        }
        for (int i = 0; i < entries.size() && i < TOP_ITEMS; i++) {
            into.addObject().put("value", clean(entries.get(i).value())).put("count", entries.get(i).count());
        }
    }

    private static void strings(ArrayNode into, List<String> values, int max) {
        if (values == null) {
            return;
        }
        for (int i = 0; i < values.size() && i < max; i++) {
            into.add(clean(values.get(i)));
        }
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, clean(value));
        }
    }

    private static String clean(String value) {
        return PlainText.clean(value, VALUE_MAX);
    }
}
