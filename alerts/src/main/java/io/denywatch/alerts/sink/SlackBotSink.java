package io.denywatch.alerts.sink;

import io.denywatch.alerts.render.DigestSlackMessage;
import io.denywatch.contract.digest.Digest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.denywatch.alerts.render.AlertLinks;
import io.denywatch.alerts.render.SlackMessage;
import io.denywatch.common.json.Json;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.Set;

/**
 * A Slack bot posting through the Web API: one message per incident, kept current with {@code chat.update}, and the
 * updates and resolution as replies in its thread ({@code thread_ts}), so a channel shows one line per incident. The
 * edited message is the full card with the incident's latest size (after resolution, its final size), so the
 * channel's one line is never left at the size the incident opened with.
 *
 * <p>The channel and timestamp of the first message are the incident's reference; the dispatcher records them, so a
 * restarted service still edits the same message. A follow-up (the statements behind the incident, found after it was
 * announced) is a reply in the same thread.
 */
public final class SlackBotSink implements Sink, DigestSink {

    static final String CHANNEL = "channel";
    static final String TS = "ts";

    /** Web API errors that pass by themselves; every other error means the request or the setup is wrong. */
    private static final Set<String> TRANSIENT_ERRORS = Set.of("internal_error", "fatal_error",
            "service_unavailable", "request_timeout", "ratelimited");

    private final URI postMessage;
    private final URI update;
    private final String token;
    private final String channel;
    private final AlertLinks links;
    private final HttpPoster http;

    /** @param apiBase the Web API's base address, e.g. {@code https://slack.com/api} */
    public SlackBotSink(URI apiBase, String token, String channel, AlertLinks links, HttpPoster http) {
        String base = apiBase.toString().endsWith("/") ? apiBase.toString() : apiBase + "/";
        this.postMessage = URI.create(base + "chat.postMessage");
        this.update = URI.create(base + "chat.update");
        this.token = token;
        this.channel = channel;
        this.links = links;
        this.http = http;
    }

    @Override
    public String name() {
        return "slack-bot";
    }

    @Override
    public Outcome send(Delivery delivery) throws InterruptedException {
        String ts = delivery.previous().get(TS);
        String postedIn = delivery.previous().getOrDefault(CHANNEL, channel);
        if (delivery.kind() == Delivery.Kind.FOLLOW_UP) {
            return followUp(delivery, postedIn, ts);
        }
        if (delivery.kind() == Delivery.Kind.ANNOUNCE || ts == null) {
            ObjectNode message = SlackMessage.build(delivery.spike(), links);
            message.put("channel", channel);
            return call(postMessage, message, true);
        }
        // Edit the incident's message so the channel shows its current state, then say what changed in its thread.
        ObjectNode edited = SlackMessage.card(delivery.spike(), links);
        edited.put("channel", postedIn);
        edited.put("ts", ts);
        Outcome outcome = call(update, edited, false);
        if (!(outcome instanceof Outcome.Accepted)) {
            return outcome;
        }
        ObjectNode reply = delivery.kind() == Delivery.Kind.RESOLVE
                ? SlackMessage.build(delivery.spike(), links)
                : SlackMessage.threadReply(delivery.spike());
        reply.put("channel", postedIn);
        reply.put("thread_ts", ts);
        outcome = call(postMessage, reply, false);
        return outcome instanceof Outcome.Accepted ? new Outcome.Accepted(delivery.previous()) : outcome;
    }

    /** The statements behind the incident as a reply in its message's thread (a new message when there is none). */
    private Outcome followUp(Delivery delivery, String postedIn, String ts) throws InterruptedException {
        ObjectNode reply = SlackMessage.followUp(delivery.spike());
        reply.put("channel", ts == null ? channel : postedIn);
        if (ts != null) {
            reply.put("thread_ts", ts);
        }
        Outcome outcome = call(postMessage, reply, false);
        return outcome instanceof Outcome.Accepted ? new Outcome.Accepted(delivery.previous()) : outcome;
    }

    /** The digest as a new message in the channel (never an edit: each period's digest stands on its own). */
    @Override
    public Outcome sendDigest(Digest digest) throws InterruptedException {
        ObjectNode message = DigestSlackMessage.build(digest);
        message.put("channel", channel);
        return call(postMessage, message, false);
    }

    private Outcome call(URI method, ObjectNode body, boolean keepReference) throws InterruptedException {
        HttpPoster.Response response;
        try {
            response = http.post(method, Json.bytes(body), Map.of("Authorization", "Bearer " + token));
        } catch (IOException e) {
            return HttpPoster.failure(e);
        }
        Outcome byStatus = http.classify(response);
        if (!(byStatus instanceof Outcome.Accepted)) {
            return byStatus;
        }
        JsonNode answer;
        try {
            answer = Json.mapper().readTree(response.body());
        } catch (IOException e) {
            return new Outcome.Retry(FailureReason.SLACK_ERROR, null, "Slack answered with something not JSON");
        }
        if (answer != null && answer.path("ok").asBoolean(false)) {
            return keepReference
                    ? new Outcome.Accepted(Map.of(CHANNEL, answer.path(CHANNEL).asText(channel),
                            TS, answer.path(TS).asText()))
                    : Outcome.Accepted.plain();
        }
        String error = answer == null ? "" : errorCode(answer.path("error").asText(""));
        String detail = method.getPath().substring(method.getPath().lastIndexOf('/') + 1) + ": " + error;
        if ("ratelimited".equals(error)) {
            return new Outcome.Retry(FailureReason.RATE_LIMITED,
                    http.retryAfter(response), detail);
        }
        return TRANSIENT_ERRORS.contains(error)
                ? new Outcome.Retry(FailureReason.SLACK_ERROR, null, detail)
                : new Outcome.Rejected(FailureReason.SLACK_ERROR, detail);
    }

    /** Slack's error codes are lower-case words; anything else is not repeated. */
    private static String errorCode(String error) {
        return error.matches("[a-z_]{1,60}") ? error : "unknown_error";
    }

    @Override
    public String toString() {
        return "SlackBotSink[token=****, channel=" + channel + "]";
    }
}
