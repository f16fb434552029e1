package io.denywatch.alerts.render;

import io.denywatch.alerts.incident.AthenaQuery;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where an alert points its reader: the Athena table holding the CloudTrail logs, and optionally a runbook.
 *
 * <p>The runbook address is configuration, not event data, but it still ends up inside Slack's {@code <url|text>}
 * syntax, so it must be an absolute http(s) URL with none of the characters that syntax reserves.
 *
 * @param athenaTable [catalog.][database.]table of the CloudTrail logs in Athena
 * @param runbookUrl  a page on handling these incidents, or {@code null}
 */
public record AlertLinks(String athenaTable, String runbookUrl) {

    /** The table name used in AWS's examples of querying CloudTrail with Athena. */
    public static final String DEFAULT_ATHENA_TABLE = "cloudtrail_logs";

    public AlertLinks {
        AthenaQuery.requireTableName(athenaTable);
        if (runbookUrl != null) {
            requireSafeUrl(runbookUrl);
        }
    }

    /** The default table and no runbook. */
    public static AlertLinks defaults() {
        return new AlertLinks(DEFAULT_ATHENA_TABLE, null);
    }

    private static void requireSafeUrl(String url) {
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c <= ' ' || c == '|' || c == '<' || c == '>' || c == '&' || c == 0x7F) {
                throw new IllegalArgumentException("runbook URL holds a character Slack links cannot carry: " + url);
            }
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            if (!"https".equalsIgnoreCase(scheme) && !"http".equalsIgnoreCase(scheme) || uri.getHost() == null) {
                throw new IllegalArgumentException("runbook URL must be an absolute http(s) URL: " + url);
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("runbook URL is not a valid URL: " + url, e);
        }
    }
}
