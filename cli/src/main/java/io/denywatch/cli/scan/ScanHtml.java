package io.denywatch.cli.scan;

import io.denywatch.alerts.render.DigestWording;
import io.denywatch.contract.digest.Digest;
import io.denywatch.contract.denial.Resolution;
import io.denywatch.contract.denial.StatementFinding;
import io.denywatch.alerts.incident.AthenaQuery;
import io.denywatch.alerts.incident.IncidentFacts;
import io.denywatch.alerts.incident.Wording;
import io.denywatch.alerts.render.AlertLinks;
import io.denywatch.contract.incident.IncidentSize;
import io.denywatch.contract.incident.SpikeRecord;
import io.denywatch.contract.incident.ValueCount;
import org.owasp.encoder.Encode;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The scan report as one self-contained HTML page: inline styles and an inline SVG chart, no script, nothing fetched
 * (a Content-Security-Policy says so to the browser too), so it can be mailed or attached to a ticket and opened
 * offline. Every value that comes from events is HTML-encoded where it is written.
 */
public final class ScanHtml {

    static final int CHART_WIDTH = 960;
    static final int CHART_HEIGHT = 220;
    static final int MAX_BARS = 480;
    static final int TOP_ITEMS = 5;

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private ScanHtml() {
    }

    /** The page for {@code report}; {@code source} is what was scanned, as the user named it. */
    public static String render(ScanReport report, String source, AlertLinks links, Instant generatedAt) {
        StringBuilder html = new StringBuilder(32 * 1024);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ")
                .append("style-src 'unsafe-inline'\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>denywatch scan: ").append(text(source)).append("</title>")
                .append("<style>").append(STYLE).append("</style></head><body>\n");
        html.append("<header><h1>denywatch scan</h1><p class=\"source\">").append(text(source)).append("</p>")
                .append("<p class=\"totals\"><b>").append(report.denials()).append("</b> authorization denials · <b>")
                .append(report.authenticationFailures()).append("</b> authentication failures · <b>")
                .append(report.spikes().size()).append("</b> incidents · ")
                .append(report.files()).append(" files, ").append(report.events()).append(" events, ")
                .append(report.duplicatesDropped()).append(" duplicates dropped")
                .append(report.errors().isEmpty() ? "" : ", <b>" + report.errors().size() + "</b> unreadable")
                .append("</p><p class=\"generated\">Generated ").append(MINUTE.format(generatedAt))
                .append("</p></header>\n");
        timeline(html, report);
        html.append("<div class=\"columns\">");
        ranking(html, "By policy layer", "layers", ranked(report.byPolicyType()));
        ranking(html, "By error code", "codes", ranked(report.byErrorCode()));
        html.append("</div><div class=\"columns\">");
        ranking(html, "Most denied principals", "principals", report.topPrincipals());
        ranking(html, "Most denied actions", "actions", report.topActions());
        html.append("</div>\n");
        incidents(html, report.spikes(), links);
        digest(html, report.digest());
        problems(html, report.errors());
        html.append("<footer>denywatch · the same analyzer topology as the live service</footer></body></html>\n");
        return html.toString();
    }

    private static void timeline(StringBuilder html, ScanReport report) {
        html.append("<section id=\"timeline\"><h2>Denials per minute</h2>");
        SortedMap<Instant, Long> perMinute = report.denialsPerMinute();
        if (perMinute == null || perMinute.isEmpty()) {
            html.append("<p class=\"empty\">No authorization denials.</p></section>\n");
            return;
        }
        Instant first = perMinute.firstKey();
        Instant last = perMinute.lastKey().plus(Duration.ofMinutes(1));
        long minutes = Math.max(1, Duration.between(first, last).toMinutes());
        long bucketMinutes = Math.max(1, (minutes + MAX_BARS - 1) / MAX_BARS);
        TreeMap<Long, Long> buckets = new TreeMap<>();
        perMinute.forEach((minute, count) -> buckets.merge(Duration.between(first, minute).toMinutes() / bucketMinutes,
                count, Long::sum));
        long bars = (minutes + bucketMinutes - 1) / bucketMinutes;
        long max = buckets.values().stream().mapToLong(Long::longValue).max().orElse(1);
        double barWidth = (double) CHART_WIDTH / bars;
        int plot = CHART_HEIGHT - 30;
        html.append("<svg role=\"img\" aria-label=\"Denials per ").append(bucketMinutes == 1 ? "minute"
                        : bucketMinutes + " minutes").append("\" viewBox=\"0 0 ").append(CHART_WIDTH).append(' ')
                .append(CHART_HEIGHT).append("\" width=\"100%\">");
        // Spike windows behind the bars.
        for (SpikeRecord spike : report.spikes()) {
            if (spike.windowStart() == null || spike.windowEnd() == null) {
                continue;
            }
            // The incident's span (first to latest denial), not only the window the message reports.
            Instant from = spike.startedAt() != null ? spike.startedAt()
                    : spike.firstSeen() != null ? spike.firstSeen() : spike.windowStart();
            Instant latest = spike.latestAt() != null ? spike.latestAt() : spike.lastSeen();
            Instant to = spike.state() == SpikeRecord.State.RESOLVED && latest != null ? latest
                    : latest != null && latest.isAfter(spike.windowEnd()) ? latest : spike.windowEnd();
            double x0 = x(from, first, minutes);
            double x1 = x(to, first, minutes);
            html.append(String.format(Locale.ROOT, "<rect class=\"spike\" x=\"%.1f\" y=\"0\" width=\"%.1f\" "
                    + "height=\"%d\"><title>", clamp(x0), Math.max(2, clamp(x1) - clamp(x0)), plot))
                    .append(text("incident " + spike.incidentId() + ": " + new IncidentFacts(spike).summary()))
                    .append("</title></rect>");
        }
        buckets.forEach((bucket, count) -> {
            double h = Math.max(1, (double) count / max * (plot - 10));
            html.append(String.format(Locale.ROOT, "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                            + "height=\"%.1f\"><title>%s: %d</title></rect>", bucket * barWidth, plot - h,
                    Math.max(0.8, barWidth - 0.6), h, text(MINUTE.format(first.plus(Duration.ofMinutes(bucket
                            * bucketMinutes)))), count));
        });
        html.append("<line class=\"axis\" x1=\"0\" y1=\"").append(plot).append("\" x2=\"").append(CHART_WIDTH)
                .append("\" y2=\"").append(plot).append("\"/>")
                .append("<text x=\"0\" y=\"").append(CHART_HEIGHT - 8).append("\">").append(MINUTE.format(first))
                .append("</text><text x=\"").append(CHART_WIDTH).append("\" y=\"").append(CHART_HEIGHT - 8)
                .append("\" text-anchor=\"end\">").append(MINUTE.format(last)).append("</text>")
                .append("<text x=\"4\" y=\"14\">").append(max).append(bucketMinutes == 1 ? " / min"
                        : " / " + bucketMinutes + " min").append("</text></svg>")
                .append("<p class=\"legend\"><span class=\"key bar\"></span> denials <span class=\"key spike\"></span>")
                .append(" incident (spike)</p></section>\n");
    }

    private static double x(Instant at, Instant first, long minutes) {
        return Duration.between(first, at).toMillis() / (minutes * 60_000.0) * CHART_WIDTH;
    }

    private static double clamp(double x) {
        return Math.max(0, Math.min(CHART_WIDTH, x));
    }

    private static List<ScanReport.Ranked> ranked(Map<String, Long> counts) {
        List<ScanReport.Ranked> out = new ArrayList<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> out.add(new ScanReport.Ranked(e.getKey(), e.getValue())));
        return out;
    }

    private static void ranking(StringBuilder html, String title, String id, List<ScanReport.Ranked> rows) {
        html.append("<section id=\"").append(id).append("\"><h2>").append(title).append("</h2>");
        if (rows.isEmpty()) {
            html.append("<p class=\"empty\">None.</p></section>");
            return;
        }
        long max = rows.get(0).count();
        html.append("<table>");
        for (ScanReport.Ranked row : rows) {
            html.append("<tr><td class=\"name\">").append(text(row.value())).append("</td><td class=\"count\">")
                    .append(row.count()).append("</td><td class=\"meter\"><span style=\"width:")
                    .append(String.format(Locale.ROOT, "%.1f", 100.0 * row.count() / Math.max(1, max)))
                    .append("%\"></span></td></tr>");
        }
        html.append("</table></section>");
    }

    private static void incidents(StringBuilder html, List<SpikeRecord> spikes, AlertLinks links) {
        html.append("<section id=\"incidents\"><h2>Incidents (").append(spikes.size()).append(")</h2>");
        if (spikes.isEmpty()) {
            html.append("<p class=\"empty\">No key's denials rose above its own baseline.</p>");
        }
        for (SpikeRecord spike : spikes) {
            IncidentFacts facts = new IncidentFacts(spike);
            SpikeRecord.Reason why = spike.diagnosis();
            String severity = spike.severity() == null ? "MEDIUM" : spike.severity().name();
            html.append("<article class=\"incident ").append(severity.toLowerCase(Locale.ROOT)).append("\">")
                    .append("<h3><span class=\"severity\">").append(severity).append("</span> ")
                    .append(text(facts.summary())).append("</h3>")
                    .append("<p class=\"meta\">incident <code>").append(text(spike.incidentId())).append("</code> · by ")
                    .append(text(spike.dimension())).append(" · ").append(text(IncidentSize.window(spike)))
                    .append(" · ").append(text(String.valueOf(spike.state()))).append("</p>");
            if (facts.identityArn() != null) {
                html.append("<p><b>Who:</b> <code>").append(text(facts.identityArn())).append("</code>");
                if (facts.session() != null) {
                    html.append(" (session <code>").append(text(facts.session())).append("</code>)");
                }
                html.append("</p>");
            }
            html.append("<p><b>Why:</b> ").append(text(Wording.why(why))).append("</p>");
            if (why != null && why.policyArn() != null) {
                html.append("<p><b>Policy:</b> <code>").append(text(why.policyArn())).append("</code></p>");
            }
            html.append("<p><b>Fix lives in:</b> ").append(text(Wording.fixLocation(why))).append("</p>");
            if (why != null && why.advice() != null) {
                html.append("<p class=\"advice\">").append(text(why.advice())).append("</p>");
            }
            statements(html, spike.resolution());
            list(html, "Top resources", spike.topResources());
            list(html, "Top error messages", spike.topErrorMessages());
            if (why != null && why.nextSteps() != null && !why.nextSteps().isEmpty()) {
                html.append("<h4>Next commands</h4><pre>");
                why.nextSteps().forEach(step -> html.append(text(step)).append('\n'));
                html.append("</pre>");
            }
            html.append("<details><summary>Athena query</summary><pre>")
                    .append(text(AthenaQuery.text(spike, links.athenaTable()))).append("</pre></details>");
            if (spike.sampleEventIds() != null && !spike.sampleEventIds().isEmpty()) {
                html.append("<p class=\"meta\">sample events: ")
                        .append(text(String.join(", ", spike.sampleEventIds().subList(0,
                                Math.min(TOP_ITEMS, spike.sampleEventIds().size()))))).append("</p>");
            }
            html.append("</article>");
        }
        html.append("</section>\n");
    }

    /** What a lookup in AWS named behind the incident ({@code scan --resolve}), each statement as it is written. */
    private static void statements(StringBuilder html, Resolution resolution) {
        if (resolution == null) {
            return;
        }
        html.append("<p><b>Looked up:</b> ").append(text(resolution.summary())).append("</p>");
        for (StatementFinding finding : resolution.statements()) {
            html.append("<details><summary>").append(text(finding.verdict().name().toLowerCase(Locale.ROOT)))
                    .append(": statement <code>").append(text(finding.sid() == null ? "(no Sid)" : finding.sid()))
                    .append("</code>");
            if (finding.policyArn() != null) {
                html.append(" in <code>").append(text(finding.policyArn())).append("</code>");
            }
            html.append("</summary><p>").append(text(finding.explanation())).append("</p>");
            if (finding.statement() != null) {
                html.append("<pre>").append(text(finding.statement().isTextual() ? finding.statement().asText()
                        : finding.statement().toPrettyString())).append("</pre>");
            }
            html.append("</details>");
        }
        resolution.notes().forEach(note -> html.append("<p class=\"meta\">").append(text(note)).append("</p>"));
    }

    private static void list(StringBuilder html, String title, List<ValueCount> entries) {
        if (entries == null || entries.isEmpty()) {
            return;
        }
        html.append("<h4>").append(title).append("</h4><ul>");
        for (int i = 0; i < entries.size() && i < TOP_ITEMS; i++) {
            html.append("<li><span class=\"n\">").append(entries.get(i).count()).append("×</span> <code>")
                    .append(text(entries.get(i).value())).append("</code></li>");
        }
        html.append("</ul>");
    }

    private static void problems(StringBuilder html, List<ScanReport.Problem> errors) {
        if (errors.isEmpty()) {
            return;
        }
        html.append("<section id=\"problems\"><h2>Could not be read (").append(errors.size())
                .append(")</h2><table>");
        for (ScanReport.Problem problem : errors) {
            html.append("<tr><td class=\"name\"><code>").append(text(problem.source())).append("</code></td><td>")
                    .append(text(problem.reason())).append("</td></tr>");
        }
        html.append("</table></section>\n");
    }

    /** The digest of the span read, as the alerts role sends it weekly: who looks under-scoped, who met guardrails. */
    private static void digest(StringBuilder html, Digest digest) {
        if (digest == null) {
            return;
        }
        html.append("<section id=\"digest\"><h2>Digest of the span read</h2><p class=\"meta\">")
                .append(text(DigestWording.span(digest))).append(" · ").append(text(DigestWording.totals(digest)))
                .append("</p><div class=\"columns\">");
        shares(html, DigestWording.MISSING_HEADING, digest.missingPermissions(), true);
        shares(html, DigestWording.GUARDRAIL_HEADING, digest.stoppedByGuardrails(), false);
        html.append("</div></section>\n");
    }

    private static void shares(StringBuilder html, String title, List<Digest.PrincipalShare> shares,
                               boolean implicit) {
        html.append("<section><h3>").append(text(title)).append("</h3>");
        if (shares.isEmpty()) {
            html.append("<p class=\"empty\">None.</p></section>");
            return;
        }
        html.append("<table>");
        for (Digest.PrincipalShare s : shares) {
            html.append("<tr><td class=\"name\"><code>").append(text(s.principal())).append("</code>")
                    .append(s.topAction() == null ? "" : " mostly <code>" + text(s.topAction()) + "</code>")
                    .append("</td><td>").append(text(implicit ? DigestWording.implicitShare(s)
                            : DigestWording.guardrailShare(s))).append("</td></tr>");
        }
        html.append("</table></section>");
    }

    private static String text(String value) {
        return value == null ? "" : Encode.forHtml(value);
    }

    private static final String STYLE = """
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:1040px;\
            padding:24px;color:#1d232a;background:#fff}
            h1{margin:0 0 4px;font-size:24px}h2{font-size:17px;margin:28px 0 10px;border-bottom:1px solid #e3e6ea;\
            padding-bottom:4px}h3{font-size:15px;margin:0 0 6px}h4{font-size:13px;margin:12px 0 4px;color:#555}
            .source{color:#555;margin:0;word-break:break-all}.totals{font-size:15px}.generated,.meta,footer{color:#6b737c;\
            font-size:12px}
            svg{background:#fafbfc;border:1px solid #e3e6ea;border-radius:4px}svg text{font-size:11px;fill:#555}
            rect.bar{fill:#3b6fb6}rect.spike{fill:#d9534f;fill-opacity:.18}line.axis{stroke:#999}
            .legend{font-size:12px;color:#555}.key{display:inline-block;width:10px;height:10px;margin:0 4px 0 10px}
            .key.bar{background:#3b6fb6}.key.spike{background:#f3c5c4}
            .columns{display:grid;grid-template-columns:1fr 1fr;gap:24px}
            table{border-collapse:collapse;width:100%}td{padding:3px 6px;border-bottom:1px solid #f0f1f3;\
            vertical-align:top}td.name{word-break:break-all}td.count{text-align:right;width:60px}
            td.meter{width:120px}td.meter span{display:block;height:8px;background:#3b6fb6;border-radius:2px}
            article.incident{border:1px solid #e3e6ea;border-left:5px solid #f0ad4e;border-radius:4px;padding:12px 16px;\
            margin:12px 0}article.high{border-left-color:#e8743b}article.critical{border-left-color:#d9534f}
            .severity{font-size:11px;font-weight:700;background:#f4f5f7;border-radius:3px;padding:1px 6px;margin-right:4px}
            code,pre{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#f4f5f7;\
            border-radius:3px}code{padding:0 3px;word-break:break-all}pre{padding:8px;white-space:pre-wrap;\
            word-break:break-all}
            .advice{background:#fff8e5;border-radius:3px;padding:6px 8px}ul{margin:0;padding-left:18px}
            .n{color:#555;font-variant-numeric:tabular-nums}.empty{color:#6b737c}
            @media(max-width:720px){.columns{grid-template-columns:1fr}}
            """;
}
