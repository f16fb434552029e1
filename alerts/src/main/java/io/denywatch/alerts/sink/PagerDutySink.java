package io.denywatch.alerts.sink;

import io.denywatch.alerts.pagerduty.PagerDutyEvent;
import io.denywatch.alerts.render.AlertLinks;
import io.denywatch.common.json.Json;

import java.io.IOException;
import java.net.URI;
import java.util.Map;

/**
 * PagerDuty Events API v2: a trigger for an announcement and each update (PagerDuty folds them into one alert by
 * {@code dedup_key} = incident id, so a repeated trigger never pages twice), a resolve at the end. A follow-up (the
 * statements behind the incident, found after it was announced) is one more trigger with the same {@code dedup_key}
 * and the statements in {@code custom_details}, which PagerDuty appends to the open alert's log; none is sent once the
 * alert was resolved, since a trigger would then open a new alert ({@link PagerDutyEvent#followUp}).
 */
public final class PagerDutySink implements Sink {

    private final URI url;
    private final String routingKey;
    private final AlertLinks links;
    private final HttpPoster http;

    public PagerDutySink(URI url, String routingKey, AlertLinks links, HttpPoster http) {
        this.url = url;
        this.routingKey = routingKey;
        this.links = links;
        this.http = http;
    }

    @Override
    public String name() {
        return "pagerduty";
    }

    @Override
    public Outcome send(Delivery delivery) throws InterruptedException {
        if (delivery.kind() == Delivery.Kind.FOLLOW_UP && delivery.incidentOver()) {
            return new Outcome.NotNeeded("the alert is resolved; a trigger would open a new one");
        }
        byte[] body = Json.bytes(switch (delivery.kind()) {
            case RESOLVE -> PagerDutyEvent.resolve(delivery.spike(), routingKey);
            case FOLLOW_UP -> PagerDutyEvent.followUp(delivery.spike(), routingKey, links);
            default -> PagerDutyEvent.trigger(delivery.spike(), routingKey, links);
        });
        try {
            return http.classify(http.post(url, body, Map.of()));
        } catch (IOException e) {
            return HttpPoster.failure(e);
        }
    }

    @Override
    public String toString() {
        return "PagerDutySink[routingKey=****]";
    }
}
