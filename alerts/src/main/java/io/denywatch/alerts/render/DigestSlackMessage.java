package io.denywatch.alerts.render;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.denywatch.common.json.Json;
import io.denywatch.contract.digest.Digest;

import java.util.List;
import java.util.function.Function;

/**
 * A digest as a Slack message (incoming webhook or {@code chat.postMessage}): Block Kit sections, one per part of the
 * digest, and the fallback text. Names from events are escaped as in alerts ({@link SlackText}) and shown as code, and
 * every text is marked verbatim, so a role or action name can neither ping, link nor format; each line is cut so a
 * section of ten stays within Slack's limit.
 */
public final class DigestSlackMessage {

    static final int NAME_MAX = 100;

    private DigestSlackMessage() {
    }

    public static ObjectNode build(Digest digest) {
        Blocks blocks = new Blocks()
                .header(DigestWording.title(digest))
                .context(SlackText.escape(DigestWording.span(digest) + " \u00b7 " + digest.digestId()))
                .section(SlackText.escape(DigestWording.totals(digest)))
                .divider();
        blocks.section(list("*Most denied principals*", digest.topPrincipals(), digest.topPrincipals().size(),
                r -> r.denials() + " (" + DigestWording.change(r.denials(), r.previous()) + ") "
                        + SlackText.code(r.name(), NAME_MAX)));
        blocks.section(list("*Most denied actions*", digest.topActions(), digest.topActions().size(),
                r -> r.denials() + " (" + DigestWording.change(r.denials(), r.previous()) + ") "
                        + SlackText.code(r.name(), NAME_MAX)));
        blocks.section(list("*" + DigestWording.MISSING_HEADING + "*", digest.missingPermissions(),
                digest.missingPermissions().size(), s -> SlackText.code(s.principal(), NAME_MAX) + " \u2014 "
                        + DigestWording.implicitShare(s) + mostly(s)));
        blocks.section(list("*" + DigestWording.GUARDRAIL_HEADING + "*", digest.stoppedByGuardrails(),
                digest.stoppedByGuardrails().size(), s -> SlackText.code(s.principal(), NAME_MAX) + " \u2014 "
                        + DigestWording.guardrailShare(s) + mostly(s)));
        blocks.section(list("*" + DigestWording.NEW_PAIRS_HEADING + "*", digest.newPairs(), digest.newPairsTotal(),
                p -> p.denials() + " " + SlackText.code(p.principal(), NAME_MAX) + " \u2192 "
                        + SlackText.code(p.action(), NAME_MAX)));
        blocks.section(list("*Incidents*", digest.incidents(), digest.incidentsTotal(),
                i -> (i.severity() == null ? "" : "*" + i.severity() + "* ") + SlackText.code(i.incidentId(), 50)
                        + " " + SlackText.code(i.principal(), NAME_MAX)
                        + (i.action() == null ? "" : " " + SlackText.code(i.action(), 60)) + " \u2014 "
                        + SlackText.escape(i.size()) + (i.resolved() ? " (resolved)" : "")));
        ObjectNode message = Json.mapper().createObjectNode();
        message.put("text", fallbackText(digest));
        message.set("blocks", blocks.build());
        message.put("unfurl_links", false);
        message.put("unfurl_media", false);
        return message;
    }

    /** The notification text: title, span and totals, nothing from events. */
    public static String fallbackText(Digest digest) {
        return SlackText.escape(DigestWording.title(digest) + ", " + DigestWording.span(digest) + ": "
                + digest.denials() + " denials (" + DigestWording.change(digest.denials(), digest.previousDenials())
                + "), " + digest.incidentsTotal() + " incidents", SlackMessage.FALLBACK_MAX);
    }

    private static String mostly(Digest.PrincipalShare s) {
        return s.topAction() == null ? "" : ", mostly " + SlackText.code(s.topAction(), NAME_MAX);
    }

    private static <T> String list(String heading, List<T> items, long total, Function<T, String> line) {
        StringBuilder out = new StringBuilder(heading);
        if (items.isEmpty()) {
            out.append("\nnone");
        }
        for (T item : items) {
            out.append("\n\u2022 ").append(line.apply(item));
        }
        String more = DigestWording.more(total, items.size());
        if (!more.isEmpty()) {
            out.append("\n_").append(more).append("_");
        }
        return out.toString();
    }
}
