package io.denywatch.ingest.config;

import io.denywatch.common.config.Setting;

import java.time.Duration;
import java.util.List;

/** Every setting of the ingestor, declared once. */
public final class IngestSettings {

    public static final Setting<String> QUEUE_URL = Setting.string("ingest.queue-url", null,
            "URL of the SQS queue that receives the trail bucket's object-created notifications.").required();
    public static final Setting<Integer> WORKERS = Setting.integer("ingest.workers", 4, 1, 64,
            "Concurrent receive loops; each works one message at a time.");
    public static final Setting<Integer> MAX_MESSAGES = Setting.integer("ingest.max-messages", 10, 1, 10,
            "Messages asked for per receive call (SQS allows at most 10).");
    public static final Setting<Duration> WAIT_TIME = Setting.duration("ingest.wait-time", Duration.ofSeconds(20),
            Duration.ofSeconds(1), Duration.ofSeconds(20),
            "Long-poll wait per receive call (SQS allows at most 20s; at least 1s, so an empty queue is not spun on).");
    public static final Setting<Duration> VISIBILITY_TIMEOUT = Setting.duration("ingest.visibility-timeout",
            Duration.ofMinutes(2), Duration.ofSeconds(2), Duration.ofHours(12),
            "Visibility timeout asked for on receive; renewed every third of it while a message is in work.");
    public static final Setting<Duration> RETRY_BACKOFF = Setting.duration("ingest.retry-backoff",
            Duration.ofSeconds(15), Duration.ZERO, Duration.ofHours(12),
            "After a transient failure, the message becomes visible again after this, doubled per receive.");
    public static final Setting<Long> MAX_RECORD_SIZE = Setting.bytes("ingest.max-record-size", 256L << 10, 1L << 10,
            16L << 20, "Largest event passed on; larger ones are dead-lettered one by one (CloudTrail's limit: 256KB).");
    public static final Setting<Long> MAX_FILE_SIZE = Setting.bytes("ingest.max-file-size", 4L << 30, 1L << 20,
            64L << 30, "Largest log file after decompression; beyond it the file is dead-lettered (gzip bombs).");
    public static final Setting<Integer> MAX_BAD_RECORDS = Setting.integer("ingest.max-bad-records-per-file", 1000, 1,
            1_000_000, "Records of one file dead-lettered one by one before the whole file is refused instead.");
    public static final Setting<Duration> SHUTDOWN_TIMEOUT = Setting.duration("ingest.shutdown-timeout",
            Duration.ofSeconds(30), Duration.ZERO, Duration.ofMinutes(30),
            "On SIGTERM, how long messages in work may take to finish before they are released to the queue.");
    public static final Setting<Duration> QUEUE_DEPTH_INTERVAL = Setting.duration("ingest.queue-depth-interval",
            Duration.ofSeconds(30), Duration.ZERO, Duration.ofHours(1),
            "How often the queue's backlog is read (sqs:GetQueueAttributes) for denywatch_ingest_queue_messages;"
                    + " 0 never.");
    public static final Setting<String> FAST_PATH_QUEUE_URL = Setting.string("ingest.fast-path.queue-url", null,
            "URL of a second SQS queue, where an EventBridge rule sends CloudTrail records (the fast path), read by its"
                    + " own receive loops; unset, none. The main queue accepts these records as well.");
    public static final Setting<Integer> FAST_PATH_WORKERS = Setting.integer("ingest.fast-path.workers", 2, 1, 64,
            "Receive loops on ingest.fast-path.queue-url; each receives up to 10 messages, sends their events to"
                    + " Kafka together, then deletes each message once its event is safe.");

    public static final Setting<String> AWS_REGION = Setting.string("aws.region", null,
            "AWS region of the queue and bucket; when unset, the SDK's default region chain decides.");
    public static final Setting<String> S3_ENDPOINT = Setting.string("aws.s3.endpoint", null,
            "S3 endpoint override (S3-compatible stores, LocalStack).");
    public static final Setting<Boolean> S3_PATH_STYLE = Setting.bool("aws.s3.path-style", false,
            "Address buckets by path rather than by host name (most S3-compatible stores need it).");
    public static final Setting<String> SQS_ENDPOINT = Setting.string("aws.sqs.endpoint", null,
            "SQS endpoint override (ElasticMQ, LocalStack).");
    public static final Setting<Integer> AWS_MAX_ATTEMPTS = Setting.integer("aws.max-attempts", 6, 1, 20,
            "Attempts per S3 or SQS call, with exponential backoff, before the call counts as failed.");

    public static final List<Setting<?>> AWS = List.of(AWS_REGION, S3_ENDPOINT, S3_PATH_STYLE, SQS_ENDPOINT,
            AWS_MAX_ATTEMPTS);
    public static final List<Setting<?>> FILE_READING = List.of(MAX_RECORD_SIZE, MAX_FILE_SIZE, MAX_BAD_RECORDS);
    public static final List<Setting<?>> ALL = List.of(QUEUE_URL, WORKERS, MAX_MESSAGES, WAIT_TIME,
            VISIBILITY_TIMEOUT, RETRY_BACKOFF, MAX_RECORD_SIZE, MAX_FILE_SIZE, MAX_BAD_RECORDS, SHUTDOWN_TIMEOUT,
            QUEUE_DEPTH_INTERVAL, FAST_PATH_QUEUE_URL, FAST_PATH_WORKERS, AWS_REGION,
            S3_ENDPOINT, S3_PATH_STYLE, SQS_ENDPOINT, AWS_MAX_ATTEMPTS);

    private IngestSettings() {
    }
}
