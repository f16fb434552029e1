package io.denywatch.alerts.render;

import io.denywatch.alerts.incident.IncidentFacts;
import io.denywatch.contract.incident.IncidentSize;

/**
 * The one line that says how large the incident is, who was denied what, and what is normal for the key: short enough
 * for a phone's lock screen. The size comes first, in bold, so the number a reader takes away is the incident's, not
 * one window's. Event values are shown as inline code, which also keeps formatting characters in them from being read
 * as mrkdwn.
 */
final class Summary {

    static final int NAME_MAX = 120;

    private Summary() {
    }

    /** Who, as mrkdwn: the role or user with its session, or the account. */
    static String who(IncidentFacts facts) {
        String name = facts.principalName();
        if (name != null) {
            String session = facts.session();
            return SlackText.code(name, NAME_MAX)
                    + (session == null ? "" : " (session " + SlackText.code(session, NAME_MAX) + ")");
        }
        String account = facts.account();
        return account == null ? "An unknown principal" : "Account " + SlackText.code(account, NAME_MAX);
    }

    /** The whole line, as mrkdwn. */
    static String line(IncidentFacts facts) {
        String what = what(facts.action(), facts.resourceFamily());
        String denied = what.isEmpty() ? " was denied" : facts.actionIsKeyed() ? " was denied" + what
                : " was denied, mostly" + what;
        return "*" + SlackText.escape(IncidentSize.phrase(facts.spike())) + "* \u2014 " + who(facts) + denied + " "
                + facts.baselinePerWindow();
    }

    private static String what(String action, String family) {
        StringBuilder what = new StringBuilder();
        if (action != null) {
            what.append(' ').append(SlackText.code(action, NAME_MAX));
        }
        if (family != null) {
            what.append(" on ").append(SlackText.code(family, NAME_MAX));
        }
        return what.toString();
    }
}
