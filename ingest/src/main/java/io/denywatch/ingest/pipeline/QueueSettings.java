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

    /** SQS's largest receive. */
    static final int SQS_MAX_MESSAGES = 10;

    /**
     * The fast-path queue's settings, or null when none is configured: the main queue's, but always received ten
     * messages at a time. {@code ingest.max-messages} bounds how many log files one worker holds; a fast-path message
     * is one small event, and a burst is sent to Kafka a received batch at a time.
     */
    static QueueSettings fastPath(Config config) {
        String url = config.get(IngestSettings.FAST_PATH_QUEUE_URL);
        return url == null || url.isBlank() ? null : forQueue(config, url, SQS_MAX_MESSAGES);
    }

    private static QueueSettings forQueue(Config config, String queueUrl) {
        return forQueue(config, queueUrl, config.get(IngestSettings.MAX_MESSAGES));
    }

    private static QueueSettings forQueue(Config config, String queueUrl, int maxMessages) {
        return new QueueSettings(queueUrl, maxMessages,
                config.get(IngestSettings.WAIT_TIME), config.get(IngestSettings.VISIBILITY_TIMEOUT),
                config.get(IngestSettings.RETRY_BACKOFF));
    }
}
