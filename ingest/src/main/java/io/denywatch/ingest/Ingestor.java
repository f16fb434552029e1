package io.denywatch.ingest;

import io.denywatch.common.config.Config;
import io.denywatch.common.http.Health;
import io.denywatch.ingest.pipeline.IngestPipeline;
import io.denywatch.ingest.pipeline.QueueIngest;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The ingest role: where CloudTrail events enter denywatch.
 *
 * <p>SQS notifications name S3 log files; each file is streamed into the raw topic, one Kafka record per event with
 * its original bytes. See {@link QueueIngest} for the delivery guarantees.
 */
public final class Ingestor implements AutoCloseable {

    private final IngestPipeline pipeline;
    private final QueueIngest queue;

    private Ingestor(IngestPipeline pipeline, QueueIngest queue) {
        this.pipeline = pipeline;
        this.queue = queue;
    }

    /** Validates the configuration, connects, and starts the receive loops. */
    public static Ingestor start(Config config, MeterRegistry registry, Health health) {
        IngestPipeline pipeline = IngestPipeline.create(config, registry);
        try {
            return new Ingestor(pipeline, QueueIngest.start(config, pipeline, health));
        } catch (RuntimeException e) {
            pipeline.close();
            throw e;
        }
    }

    /** Stops receiving, lets messages in work finish (or releases them), and flushes. */
    @Override
    public void close() {
        try {
            queue.close();
        } finally {
            pipeline.close();
        }
    }
}
