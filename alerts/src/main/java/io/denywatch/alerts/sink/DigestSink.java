package io.denywatch.alerts.sink;

import io.denywatch.contract.digest.Digest;

/**
 * A sink that also takes the periodic digest. Slack, the Slack bot, the webhook and the console do; PagerDuty does
 * not: a digest is a report to read on Monday morning, not something to wake anyone for, and an Events API "trigger"
 * would open an incident nobody can resolve.
 */
public interface DigestSink {

    /** The sink's name, as for incidents. */
    String name();

    /**
     * One attempt to deliver the digest.
     *
     * @throws InterruptedException when the service is stopping
     */
    Outcome sendDigest(Digest digest) throws InterruptedException;
}
