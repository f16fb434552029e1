package io.denywatch.ingest.pipeline;

import io.denywatch.common.config.Config;
import io.denywatch.ingest.config.IngestSettings;

import java.time.Duration;

/** The queue-facing settings of the ingestor, read once. */
record QueueSettings(String queueUrl, int maxMessages, Duration waitTime, Duration visibilityTimeout,
                     Duration retryBackoff) {

    static QueueSettings from(Config config) {
        return new QueueSettings(config.get(IngestSettings.QUEUE_URL), config.get(IngestSettings.MAX_MESSAGES),
                config.get(IngestSettings.WAIT_TIME), config.get(IngestSettings.VISIBILITY_TIMEOUT),
                config.get(IngestSettings.RETRY_BACKOFF));
    }
}
