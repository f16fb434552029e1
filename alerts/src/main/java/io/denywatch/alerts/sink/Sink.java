package io.denywatch.alerts.sink;

/**
 * Somewhere an incident is told: Slack, a webhook, PagerDuty, the console. A sink makes one attempt per call and says
 * how it went; retrying, pacing, and remembering what was sent are the dispatcher's job, so every sink gets them the
 * same way.
 */
public interface Sink {

    /** The sink's name in metrics, logs and the dead-letter topic. Never its address. */
    String name();

    /**
     * One attempt to deliver.
     *
     * @throws InterruptedException when the service is stopping
     */
    Outcome send(Delivery delivery) throws InterruptedException;
}
