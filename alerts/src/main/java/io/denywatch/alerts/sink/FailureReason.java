package io.denywatch.alerts.sink;

import java.util.Locale;

/** Why a delivery attempt failed, as a metric label: a fixed set, never text from the receiver. */
public enum FailureReason {
    /** 429, or Slack's {@code ratelimited}. */
    RATE_LIMITED,
    /** 5xx, or 408. */
    SERVER_ERROR,
    /** No answer in time. */
    TIMEOUT,
    /** The connection could not be made or broke. */
    CONNECTION,
    /** A 4xx other than 408 and 429, or a redirect (not followed): the request itself is wrong. */
    REJECTED,
    /** Slack's Web API answered {@code ok: false}. */
    SLACK_ERROR,
    /** Retried until {@code alerts.retry.give-up-after}. */
    RETRIES_EXHAUSTED;

    /** The label value: lower case. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
