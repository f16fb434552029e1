package io.denywatch.ingest.pipeline;

import io.denywatch.common.config.Config;
import io.denywatch.common.http.Health;
import io.denywatch.ingest.aws.AwsClients;
import io.denywatch.ingest.config.IngestSettings;
import io.denywatch.ingest.notification.NotificationParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The queue-driven side of the ingestor: a number of {@link QueueWorker}s per queue, the queue's messages renewed by
 * one visibility heartbeat. The notification queue always; the fast-path queue (CloudTrail records delivered by
 * EventBridge) too when {@code ingest.fast-path.queue-url} is set, with its own loops so that a backlog of large log
 * files never holds its events back.
 *
 * <p>Guarantees: a message is deleted only after Kafka acknowledged every event of every file it names, or the event
 * it carries (or the dead letter that explains a file or a message); anything else leaves it on the queue. On
 * shutdown, receiving stops, messages in work get {@code ingest.shutdown-timeout} to finish, and whatever is left is
 * released to the queue at once.
 */
public final class QueueIngest implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QueueIngest.class);

    private final SqsClient pollClient;
    private final SqsClient sqs;
    private final S3Client s3;
    private final List<VisibilityHeartbeat> heartbeats = new ArrayList<>();
    private final List<QueueWorker> workers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final Duration shutdownTimeout;
    private final Health health;
    private final ScheduledExecutorService depthReader;

    private QueueIngest(Config config, IngestPipeline pipeline, Health health) {
        int workerCount = config.get(IngestSettings.WORKERS);
        QueueSettings settings = QueueSettings.from(config);
        QueueSettings fastPath = QueueSettings.fastPath(config);
        int fastPathWorkers = fastPath == null ? 0 : config.get(IngestSettings.FAST_PATH_WORKERS);
        int loops = workerCount + fastPathWorkers;
        this.shutdownTimeout = config.get(IngestSettings.SHUTDOWN_TIMEOUT);
        this.health = health;
        // Long polls get their own client, closed on shutdown to end a poll in progress without waiting it out.
        this.pollClient = AwsClients.sqs(config, loops + 2);
        this.sqs = AwsClients.sqs(config, loops + 4);
        this.s3 = AwsClients.s3(config, workerCount * 2 + 4);
        NotificationParser parser = new NotificationParser(NotificationParser.DEFAULT_MAX_BODY_BYTES,
                (int) (long) config.get(IngestSettings.MAX_RECORD_SIZE));
        addLoops(settings, workerCount, "denywatch-ingest-", parser, pipeline);
        if (fastPath != null) {
            addLoops(fastPath, fastPathWorkers, "denywatch-ingest-fast-path-", parser, pipeline);
        }
        this.depthReader = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "denywatch-queue-depth");
            t.setDaemon(true);
            return t;
        });
        Duration depthInterval = config.get(IngestSettings.QUEUE_DEPTH_INTERVAL);
        if (!depthInterval.isZero()) {
            // The notification queue's backlog only: the fast path's is a few events, and its gauge carries no queue
            // tag that could tell the two apart.
            depthReader.scheduleWithFixedDelay(new QueueDepth(sqs, settings.queueUrl(), pipeline.metrics()), 0,
                    depthInterval.toMillis(), TimeUnit.MILLISECONDS);
        }
        Duration stale = settings.waitTime().multipliedBy(3).plusSeconds(60);
        health.register("ingest", () -> !isStopping() && workers.stream().allMatch(w -> w.isHealthy(stale)));
    }

    /** {@code count} receive loops on one queue, sharing a heartbeat that renews that queue's messages. */
    private void addLoops(QueueSettings settings, int count, String threadPrefix, NotificationParser parser,
                          IngestPipeline pipeline) {
        VisibilityHeartbeat heartbeat = new VisibilityHeartbeat(sqs, settings.queueUrl(), settings.visibilityTimeout(),
                pipeline.metrics(), pipeline.clock());
        heartbeats.add(heartbeat);
        MessageHandler handler = new MessageHandler(parser, pipeline.s3(s3), pipeline.carriedEvents(),
                pipeline.deadLetters(), pipeline.metrics(), pipeline.ackTimeout(), pipeline.clock(),
                settings.queueUrl());
        for (int i = 0; i < count; i++) {
            QueueWorker worker = new QueueWorker(settings, pollClient, sqs, handler, heartbeat, pipeline.metrics(),
                    pipeline.clock(), stopping);
            workers.add(worker);
            threads.add(new Thread(worker, threadPrefix + i));
        }
    }

    /** Starts the receive loops. */
    public static QueueIngest start(Config config, IngestPipeline pipeline, Health health) {
        config.validate(IngestSettings.ALL);
        QueueIngest ingest = new QueueIngest(config, pipeline, health);
        ingest.threads.forEach(Thread::start);
        LOG.info("Ingesting from {} with {} workers", config.get(IngestSettings.QUEUE_URL),
                config.get(IngestSettings.WORKERS));
        QueueSettings fastPath = QueueSettings.fastPath(config);
        if (fastPath != null) {
            LOG.info("Ingesting the EventBridge fast path from {} with {} workers", fastPath.queueUrl(),
                    config.get(IngestSettings.FAST_PATH_WORKERS));
        }
        return ingest;
    }

    private boolean isStopping() {
        return stopping.getCount() == 0;
    }

    @Override
    public void close() {
        stopping.countDown();
        depthReader.shutdownNow();
        health.unregister("ingest");
        pollClient.close();
        long deadline = System.nanoTime() + shutdownTimeout.toNanos();
        for (Thread t : threads) {
            joinUntil(t, deadline);
        }
        boolean late = threads.stream().anyMatch(Thread::isAlive);
        if (late) {
            LOG.warn("Messages still in work after {}; releasing them to the queue", shutdownTimeout);
            threads.forEach(Thread::interrupt);
            // A read blocked on the network does not see the interrupt; closing the client ends it.
            s3.close();
            for (Thread t : threads) {
                joinUntil(t, System.nanoTime() + Duration.ofSeconds(10).toNanos());
            }
        }
        // A worker stopped outside its message handling may not have settled everything: hand back what is left.
        for (VisibilityHeartbeat heartbeat : heartbeats) {
            heartbeat.releaseAll();
            heartbeat.close();
        }
        sqs.close();
        s3.close();
    }

    private static void joinUntil(Thread t, long deadlineNanos) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            return;
        }
        try {
            t.join(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
