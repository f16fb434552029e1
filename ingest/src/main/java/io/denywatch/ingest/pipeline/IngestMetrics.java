package io.denywatch.ingest.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The ingestor's meters. Tags hold only low-cardinality values (reasons and shapes), never keys or ARNs.
 */
public final class IngestMetrics {

    private final MeterRegistry registry;
    private final Map<String, AtomicReference<Double>> queueDepth = new ConcurrentHashMap<>();
    private final Counter messagesReceived;
    private final Counter messagesDeleted;
    private final Counter messagesRetried;
    private final Counter eventsProduced;
    private final Counter filesOk;
    private final Counter bytesCompressed;
    private final Counter bytesDecompressed;
    private final Counter visibilityExtended;
    private final Timer fileDuration;
    private final Timer eventLag;
    private final Counter eventBridgeEvents;
    private final Timer eventBridgeLag;
    private final AtomicInteger filesInFlight = new AtomicInteger();

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.messagesReceived = Counter.builder("denywatch.ingest.messages.received")
                .description("SQS messages received").register(registry);
        this.messagesDeleted = Counter.builder("denywatch.ingest.messages.deleted")
                .description("SQS messages deleted after every file they name was handled").register(registry);
        this.messagesRetried = Counter.builder("denywatch.ingest.messages.retried")
                .description("SQS messages left on the queue after a transient failure").register(registry);
        this.eventsProduced = Counter.builder("denywatch.ingest.events.produced")
                .description("Events acknowledged by Kafka, from log files and through EventBridge").register(registry);
        // Registered up front, so that a dashboard shows the fast path at zero rather than missing where it is off.
        this.eventBridgeEvents = Counter.builder("denywatch.ingest.eventbridge.events")
                .description("Events that came through EventBridge (the fast path) acknowledged by Kafka; also counted"
                        + " in denywatch_ingest_events_produced_total").register(registry);
        this.eventBridgeLag = Timer.builder("denywatch.ingest.eventbridge.lag")
                .description("Now minus eventTime of each event that came through EventBridge, at Kafka's"
                        + " acknowledgement")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(100))
                .maximumExpectedValue(Duration.ofDays(1)).register(registry);
        this.filesOk = Counter.builder("denywatch.ingest.files.ok")
                .description("Log files whose every event Kafka acknowledged").register(registry);
        this.bytesCompressed = Counter.builder("denywatch.ingest.bytes.read").tag("stage", "stored")
                .description("Bytes read from storage (stored) and after decompression (decompressed)")
                .baseUnit("bytes").register(registry);
        this.bytesDecompressed = Counter.builder("denywatch.ingest.bytes.read").tag("stage", "decompressed")
                .description("Bytes read from storage (stored) and after decompression (decompressed)")
                .baseUnit("bytes").register(registry);
        this.visibilityExtended = Counter.builder("denywatch.ingest.visibility.extended")
                .description("Visibility timeout renewals of messages in work").register(registry);
        this.fileDuration = Timer.builder("denywatch.ingest.file.duration")
                .description("Time to ingest one log file, from the request for it to Kafka's last acknowledgement")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(5))
                .maximumExpectedValue(Duration.ofMinutes(10)).register(registry);
        this.eventLag = Timer.builder("denywatch.ingest.event.lag")
                .description("Now minus eventTime of the newest event of each ingested file")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofSeconds(1))
                .maximumExpectedValue(Duration.ofDays(30)).register(registry);
        Gauge.builder("denywatch.ingest.files.in.flight", filesInFlight, AtomicInteger::get)
                .description("Log files being read now").register(registry);
    }

    public void messageReceived() {
        messagesReceived.increment();
    }

    public void messageDeleted() {
        messagesDeleted.increment();
    }

    public void messageRetried() {
        messagesRetried.increment();
    }

    /** A message that named no object to read (an S3 test event, an object removal). */
    public void messageSkipped(String reason) {
        Counter.builder("denywatch.ingest.messages.skipped").tag("reason", reason)
                .description("SQS messages with nothing to ingest, by reason").register(registry).increment();
    }

    /** An object that is not an event log file (a digest, an Insight or Config file, an empty object). */
    public void fileSkipped(String reason) {
        Counter.builder("denywatch.ingest.files.skipped").tag("reason", reason)
                .description("Objects acknowledged without reading, by reason").register(registry).increment();
    }

    public void fileOk(Duration took) {
        filesOk.increment();
        fileDuration.record(took);
    }

    /** A file that failed, permanently (dead-lettered) or transiently (left for a retry). */
    public void fileFailed(String reason, boolean permanent) {
        Counter.builder("denywatch.ingest.files.failed").tag("reason", reason)
                .tag("kind", permanent ? "permanent" : "transient")
                .description("Log files that failed, by reason").register(registry).increment();
    }

    public void deadLettered(String kind, String reason) {
        Counter.builder("denywatch.ingest.dead.letters").tag("kind", kind).tag("reason", reason)
                .description("Items written to the ingest dead-letter topic").register(registry).increment();
    }

    public void eventsProduced(long n) {
        eventsProduced.increment(n);
    }

    /** One event that came through EventBridge, acknowledged by Kafka {@code lag} after its eventTime (or null). */
    public void eventBridgeEvent(Duration lag) {
        eventsProduced.increment();
        eventBridgeEvents.increment();
        if (lag != null && !lag.isNegative()) {
            eventBridgeLag.record(lag);
        }
    }

    public void bytesRead(long stored, long decompressed) {
        bytesCompressed.increment(stored);
        bytesDecompressed.increment(decompressed);
    }

    public void eventLag(Duration lag) {
        if (!lag.isNegative()) {
            eventLag.record(lag);
        }
    }

    public void visibilityExtended(int n) {
        visibilityExtended.increment(n);
    }

    /**
     * The queue's backlog as SQS last reported it, by state ({@code visible}, {@code in_flight}, {@code delayed});
     * NaN when the last read failed. The gauges exist only where a queue is read.
     */
    public void queueDepth(String state, double messages) {
        queueDepth.computeIfAbsent(state, s -> {
            AtomicReference<Double> value = new AtomicReference<>(Double.NaN);
            Gauge.builder("denywatch.ingest.queue.messages", value, AtomicReference::get).tag("state", s)
                    .description("Messages on the notification queue, as SQS approximates them").register(registry);
            return value;
        }).set(messages);
    }

    public void sqsError(String operation) {
        Counter.builder("denywatch.ingest.sqs.errors").tag("operation", operation)
                .description("Failed SQS calls, by operation").register(registry).increment();
    }

    public void fileStarted() {
        filesInFlight.incrementAndGet();
    }

    public void fileFinished() {
        filesInFlight.decrementAndGet();
    }
}
