package io.denywatch.ingest.pipeline;

import io.denywatch.common.cloudtrail.CloudTrailReader;
import io.denywatch.common.cloudtrail.Shape;
import io.denywatch.common.config.Config;
import io.denywatch.common.json.Json;
import io.denywatch.common.kafka.TopicCreation;
import io.denywatch.contract.Topics;
import io.denywatch.common.kafka.TopicInitializer;
import io.denywatch.ingest.config.IngestSettings;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import software.amazon.awssdk.services.s3.S3Client;

import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parse-and-produce path shared by the queue-driven ingestor and {@code denywatch replay}: one producer, the
 * publishers on it, and the file reader.
 */
public final class IngestPipeline implements AutoCloseable {

    /** What the ingestor reads: the files CloudTrail delivers, nothing else, so a stray object is dead-lettered. */
    public static final Set<Shape> SHAPES = Collections.unmodifiableSet(EnumSet.of(Shape.DELIVERY_FILE));

    private final Producer<byte[], byte[]> producer;
    private final IngestMetrics metrics;
    private final DeadLetterPublisher deadLetters;
    private final FileIngestor files;
    private final CarriedEventPublisher carriedEvents;
    private final Duration ackTimeout;
    private final Clock clock;

    private IngestPipeline(Producer<byte[], byte[]> producer, Config config, IngestMetrics metrics,
                           Duration ackTimeout, Clock clock) {
        this.producer = producer;
        this.metrics = metrics;
        this.ackTimeout = ackTimeout;
        this.clock = clock;
        this.deadLetters = new DeadLetterPublisher(producer, Topics.INGEST_DLQ.in(config), metrics);
        EventPublisher events = new EventPublisher(producer, Topics.RAW.in(config));
        this.files = new FileIngestor(reader(config), events, deadLetters, metrics, ackTimeout, clock,
                config.get(IngestSettings.MAX_BAD_RECORDS));
        this.carriedEvents = new CarriedEventPublisher(events, metrics, ackTimeout, clock);
    }

    /** The ingestor's log file reader ({@link #SHAPES}) with the configured record and file bounds. */
    public static CloudTrailReader reader(Config config) {
        return reader(config, SHAPES);
    }

    /** A reader taking {@code shapes}, with the configured record and file bounds. */
    public static CloudTrailReader reader(Config config, Set<Shape> shapes) {
        config.validate(IngestSettings.FILE_READING);
        return CloudTrailReader.accepting(shapes, (int) (long) config.get(IngestSettings.MAX_RECORD_SIZE),
                config.get(IngestSettings.MAX_FILE_SIZE));
    }

    /** Creates the topics if needed and a producer from configuration. */
    public static IngestPipeline create(Config config, MeterRegistry registry) {
        config.validate(IngestSettings.FILE_READING);
        config.validate(Topics.SETTINGS);
        config.validate(TopicCreation.ALL);
        TopicInitializer.ensure(config, List.of(Topics.RAW.in(config), Topics.INGEST_DLQ.in(config)), Map.of());
        Map<String, Object> props = ProducerSettings.properties(config, config.get(IngestSettings.MAX_RECORD_SIZE));
        // Wait a little longer than the producer's own delivery timeout, after which it reports every send.
        Duration ackTimeout = Duration.ofMillis(Long.parseLong(String.valueOf(
                props.getOrDefault(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000")))).plusSeconds(30);
        return new IngestPipeline(new KafkaProducer<>(props), config, new IngestMetrics(registry), ackTimeout,
                Clock.systemUTC());
    }

    /** Reads local or already-opened files. */
    public FileIngestor files() {
        return files;
    }

    /** Reads objects from S3 through the given client. */
    public S3FileSource s3(S3Client s3) {
        return new S3FileSource(s3, files, deadLetters, metrics, ackTimeout, clock);
    }

    /** Publishes events carried in a queue message (CloudTrail records delivered by EventBridge). */
    CarriedEventPublisher carriedEvents() {
        return carriedEvents;
    }

    IngestMetrics metrics() {
        return metrics;
    }

    DeadLetterPublisher deadLetters() {
        return deadLetters;
    }

    Duration ackTimeout() {
        return ackTimeout;
    }

    Clock clock() {
        return clock;
    }

    /** Sends whatever is buffered and closes the producer. */
    @Override
    public void close() {
        producer.flush();
        producer.close(Duration.ofSeconds(30));
    }
}
