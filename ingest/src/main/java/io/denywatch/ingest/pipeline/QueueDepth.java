package io.denywatch.ingest.pipeline;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesResponse;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.util.Map;

/**
 * Reads the notification queue's backlog from SQS and exports it, so that ingest can be scaled, and alerted on, by
 * the work waiting for it rather than by the work already done.
 */
final class QueueDepth implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(QueueDepth.class);
    private static final Map<QueueAttributeName, String> STATES = Map.of(
            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "visible",
            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "in_flight",
            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED, "delayed");

    private final SqsClient sqs;
    private final String queueUrl;
    private final IngestMetrics metrics;

    QueueDepth(SqsClient sqs, String queueUrl, IngestMetrics metrics) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.metrics = metrics;
    }

    @Override
    public void run() {
        try {
            GetQueueAttributesResponse response = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                    .attributeNames(STATES.keySet()));
            STATES.forEach((attribute, state) -> metrics.queueDepth(state,
                    parse(response.attributes().get(attribute))));
        } catch (SdkException | IllegalStateException e) {
            metrics.sqsError("get_queue_attributes");
            STATES.values().forEach(state -> metrics.queueDepth(state, Double.NaN));
            LOG.debug("Reading the queue's backlog failed: {}", e.toString());
        }
    }

    private static double parse(String value) {
        try {
            return value == null ? Double.NaN : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
