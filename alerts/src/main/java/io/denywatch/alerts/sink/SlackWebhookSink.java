package io.denywatch.alerts.sink;

import io.denywatch.alerts.render.DigestSlackMessage;
import io.denywatch.contract.digest.Digest;
import io.denywatch.alerts.render.AlertLinks;
import io.denywatch.alerts.render.SlackMessage;
import io.denywatch.common.json.Json;

import java.io.IOException;
import java.net.URI;
import java.util.Map;

/**
 * A Slack incoming webhook. It can only post new messages, so a channel gets the opening card, a new card only when
 * the severity rises, and the resolution — not every periodic update of a growing incident. A follow-up (the
 * statements behind the incident, found after it was announced) is a new message too, naming the incident, since an
 * incoming webhook cannot reply in a thread.
 */
public final class SlackWebhookSink implements Sink, DigestSink {

    private final URI url;
    private final AlertLinks links;
    private final HttpPoster http;

    public SlackWebhookSink(URI url, AlertLinks links, HttpPoster http) {
        this.url = url;
        this.links = links;
        this.http = http;
    }

    @Override
    public String name() {
        return "slack";
    }

    @Override
    public Outcome send(Delivery delivery) throws InterruptedException {
        if (delivery.kind() == Delivery.Kind.UPDATE && !delivery.severityRose()) {
            return new Outcome.NotNeeded("update without a rise in severity");
        }
        byte[] body = Json.bytes(delivery.kind() == Delivery.Kind.FOLLOW_UP
                ? SlackMessage.followUp(delivery.spike())
                : SlackMessage.build(delivery.spike(), links));
        try {
            return http.classify(http.post(url, body, Map.of()));
        } catch (IOException e) {
            return HttpPoster.failure(e);
        }
    }

    @Override
    public Outcome sendDigest(Digest digest) throws InterruptedException {
        try {
            return http.classify(http.post(url, Json.bytes(DigestSlackMessage.build(digest)), Map.of()));
        } catch (IOException e) {
            return HttpPoster.failure(e);
        }
    }

    @Override
    public String toString() {
        return "SlackWebhookSink[url=****]";
    }
}
