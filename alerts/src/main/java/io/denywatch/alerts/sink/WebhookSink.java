package io.denywatch.alerts.sink;

import io.denywatch.contract.digest.Digest;
import io.denywatch.alerts.sign.WebhookSigner;
import io.denywatch.contract.incident.SpikeRecord;
import io.denywatch.common.json.Json;

import java.io.IOException;
import java.net.URI;
import java.util.Map;

/**
 * A generic webhook: every incident message, as the spike record's JSON (the {@code deny-spike.v2} schema), POSTed
 * and — when a secret is configured — signed with {@code X-Denywatch-Timestamp} and {@code X-Denywatch-Signature}.
 * The first message a receiver gets for an incident has state {@code OPEN}; the signature covers the exact bytes sent.
 */
public final class WebhookSink implements Sink, DigestSink {

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
     * The body sent for an incident message: the record's JSON as the analyzer published it, version-2 fields
     * ({@code totalCount}, {@code peakCount}, {@code peakWindowStart}, {@code startedAt}, {@code latestAt},
     * {@code durationSeconds}, {@code resolvedAt}) included.
     */
    public static byte[] body(SpikeRecord spike) {
        return Json.bytes(spike);
    }

    @Override
    public Outcome send(Delivery delivery) throws InterruptedException {
        byte[] body = body(delivery.spike());
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
