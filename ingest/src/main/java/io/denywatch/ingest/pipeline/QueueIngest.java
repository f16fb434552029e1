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
 * The queue-driven side of the ingestor: a number of {@link QueueWorker}s sharing one visibility heartbeat.
 *
 * <p>Guarantees: a message is deleted only after Kafka acknowledged every event of every file it names (or the dead
 * letter that explains a file); anything else leaves it on the queue. On shutdown, receiving stops, messages in work
 * get {@code ingest.shutdown-timeout} to finish, and whatever is left is released to the queue at once.
 */
public final class QueueIngest implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QueueIngest.class);

    private final SqsClient pollClient;
    private final SqsClient sqs;
    private final S3Client s3;
    private final VisibilityHeartbeat heartbeat;
    private final List<QueueWorker> workers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final Duration shutdownTimeout;
    private final Health health;
    private final ScheduledExecutorService depthReader;

    private QueueIngest(Config config, IngestPipeline pipeline, Health health) {
        int workerCount = config.get(IngestSettings.WORKERS);
        QueueSettings settings = QueueSettings.from(config);
        this.shutdownTimeout = config.get(IngestSettings.SHUTDOWN_TIMEOUT);
        this.health = health;
        // Long polls get their own client, closed on shutdown to end a poll in progress without waiting it out.
        this.pollClient = AwsClients.sqs(config, workerCount + 2);
        this.sqs = AwsClients.sqs(config, workerCount + 4);
        this.s3 = AwsClients.s3(config, workerCount * 2 + 4);
        this.heartbeat = new VisibilityHeartbeat(sqs, settings.queueUrl(), settings.visibilityTimeout(),
                pipeline.metrics(), pipeline.clock());
        MessageHandler handler = new MessageHandler(new NotificationParser(), pipeline.s3(s3),
                pipeline.deadLetters(), pipeline.metrics(), pipeline.ackTimeout(), pipeline.clock(),
                settings.queueUrl());
        for (int i = 0; i < workerCount; i++) {
            QueueWorker worker = new QueueWorker(settings, pollClient, sqs, handler, heartbeat, pipeline.metrics(),
                    pipeline.clock(), stopping);
            workers.add(worker);
            Thread t = new Thread(worker, "denywatch-ingest-" + i);
            threads.add(t);
        }
        this.depthReader = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "denywatch-queue-depth");
            t.setDaemon(true);
            return t;
        });
        Duration depthInterval = config.get(IngestSettings.QUEUE_DEPTH_INTERVAL);
        if (!depthInterval.isZero()) {
            depthReader.scheduleWithFixedDelay(new QueueDepth(sqs, settings.queueUrl(), pipeline.metrics()), 0,
                    depthInterval.toMillis(), TimeUnit.MILLISECONDS);
        }
        Duration stale = settings.waitTime().multipliedBy(3).plusSeconds(60);
        health.register("ingest", () -> !isStopping() && workers.stream().allMatch(w -> w.isHealthy(stale)));
    }

    /** Starts the receive loops. */
    public static QueueIngest start(Config config, IngestPipeline pipeline, Health health) {
        config.validate(IngestSettings.ALL);
        QueueIngest ingest = new QueueIngest(config, pipeline, health);
        ingest.threads.forEach(Thread::start);
        LOG.info("Ingesting from {} with {} workers", config.get(IngestSettings.QUEUE_URL), ingest.threads.size());
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
        heartbeat.releaseAll();
        heartbeat.close();
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
