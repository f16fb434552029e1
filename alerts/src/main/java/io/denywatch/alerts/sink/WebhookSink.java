package io.denywatch.alerts.sink;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.denywatch.contract.digest.Digest;
import io.denywatch.alerts.sign.WebhookSigner;
import io.denywatch.contract.incident.SpikeRecord;
import io.denywatch.common.json.Json;

import java.io.IOException;
import java.net.URI;
import java.util.Map;

/**
 * A generic webhook: every incident message, as the spike record's JSON (the {@code deny-spike.v3} schema), POSTed
 * and — when a secret is configured — signed with {@code X-Denywatch-Timestamp} and {@code X-Denywatch-Signature}.
 * The first message a receiver gets for an incident has state {@code OPEN}; the signature covers the exact bytes sent.
 * A lookup's answer that came after the incident was delivered is a follow-up event: the same record as delivered, with
 * {@code diagnosis.statements}, {@code diagnosis.resolution} and {@code "event": "RESOLUTION_FOLLOW_UP"}, signed the same way.
 */
public final class WebhookSink implements Sink, DigestSink {

    /** The {@code event} marker of a follow-up body. */
    public static final String FOLLOW_UP_EVENT = "RESOLUTION_FOLLOW_UP";

    private final URI url;
    private final WebhookSigner signer;
    private final HttpPoster http;

    /** @param signer signs each body, or {@code null} for unsigned requests */
    public WebhookSink(URI url, WebhookSigner signer, HttpPoster http) {
        this.url = url;
        this.signer = signer;
        this.http = http;
    }

    @Override
    public String name() {
        return "webhook";
    }

    /**
     * The body of a follow-up: the incident as it was delivered, with the lookup's answer in its diagnosis and the
     * {@code event} marker right after {@code schemaVersion}, so a receiver sees at once that this is no new message
     * about the incident (its state is the one delivered) but the answer to attach to it.
     */
    public static byte[] followUpBody(SpikeRecord incident) {
        ObjectNode record = Json.mapper().valueToTree(incident);
        ObjectNode body = Json.mapper().createObjectNode();
        body.set("schemaVersion", record.get("schemaVersion"));
        body.put("event", FOLLOW_UP_EVENT);
        record.fields().forEachRemaining(field -> {
            if (!body.has(field.getKey())) {
                body.set(field.getKey(), field.getValue());
            }
        });
        return Json.bytes(body);
    }

    /**
     * The body sent for an incident message: the record's JSON as the analyzer published it, version-2 fields
     * ({@code totalCount}, {@code peakCount}, {@code peakWindowStart}, {@code startedAt}, {@code latestAt},
     * {@code durationSeconds}, {@code resolvedAt}) included.
     */
    public static byte[] body(SpikeRecord spike) {
        return Json.bytes(spike);
    }

    @Override
    public Outcome send(Delivery delivery) throws InterruptedException {
        byte[] body = delivery.kind() == Delivery.Kind.FOLLOW_UP ? followUpBody(delivery.spike())
                : body(delivery.spike());
        Map<String, String> headers = signer == null ? Map.of() : signer.sign(body);
        try {
            return http.classify(http.post(url, body, headers));
        } catch (IOException e) {
            return HttpPoster.failure(e);
        }
    }

    /**
     * The digest as its JSON (the {@code digest.v1} schema), signed like an incident message. A receiver tells a digest
     * from an incident message by its {@code digestId}, and drops a repeat by it.
     */
    @Override
    public Outcome sendDigest(Digest digest) throws InterruptedException {
        byte[] body = Json.bytes(digest);
        Map<String, String> headers = signer == null ? Map.of() : signer.sign(body);
        try {
            return http.classify(http.post(url, body, headers));
        } catch (IOException e) {
            return HttpPoster.failure(e);
        }
    }

    @Override
    public String toString() {
        return "WebhookSink[url=****, signed=" + (signer != null) + "]";
    }
}
