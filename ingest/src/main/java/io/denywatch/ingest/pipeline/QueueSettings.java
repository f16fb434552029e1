package io.denywatch.ingest.pipeline;

import io.denywatch.common.config.Config;
import io.denywatch.ingest.config.IngestSettings;

import java.time.Duration;

/** The queue-facing settings of the ingestor, read once. */
record QueueSettings(String queueUrl, int maxMessages, Duration waitTime, Duration visibilityTimeout,
                     Duration retryBackoff) {

    static QueueSettings from(Config config) {
        return forQueue(config, config.get(IngestSettings.QUEUE_URL));
    }

    /** The fast-path queue's settings (the same receive settings, another URL), or null when none is configured. */
    static QueueSettings fastPath(Config config) {
        String url = config.get(IngestSettings.FAST_PATH_QUEUE_URL);
        return url == null || url.isBlank() ? null : forQueue(config, url);
    }

    private static QueueSettings forQueue(Config config, String queueUrl) {
        return new QueueSettings(queueUrl, config.get(IngestSettings.MAX_MESSAGES),
                config.get(IngestSettings.WAIT_TIME), config.get(IngestSettings.VISIBILITY_TIMEOUT),
                config.get(IngestSettings.RETRY_BACKOFF));
    }
}
