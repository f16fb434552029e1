package io.denywatch.embedded;

import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Queue creation through the SQS API itself, so ElasticMQ and LocalStack are set up the same way as AWS. */
final class SqsQueues {

    /** The range SQS accepts for a redrive policy's maxReceiveCount. */
    private static final int MAX_RECEIVE_COUNT_LIMIT = 1000;

    private SqsQueues() {
    }

    static String create(SqsClient sqs, String name) {
        return sqs.createQueue(request -> request.queueName(name)).queueUrl();
    }

    static String createWithRedrive(SqsClient sqs, String name, String deadLetterQueueUrl, int maxReceiveCount) {
        if (maxReceiveCount < 1 || maxReceiveCount > MAX_RECEIVE_COUNT_LIMIT) {
            throw new IllegalArgumentException(
                    "maxReceiveCount must be between 1 and " + MAX_RECEIVE_COUNT_LIMIT + ", was " + maxReceiveCount);
        }
        // A redrive policy names its target by ARN, which only the service that made the queue knows.
        String deadLetterArn = sqs.getQueueAttributes(request -> request
                        .queueUrl(deadLetterQueueUrl)
                        .attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
        if (deadLetterArn == null) {
            throw new IllegalStateException("No QueueArn for dead-letter queue " + deadLetterQueueUrl);
        }
        String redrivePolicy = redrivePolicy(deadLetterArn, maxReceiveCount);
        return sqs.createQueue(request -> request
                        .queueName(name)
                        .attributes(Map.of(QueueAttributeName.REDRIVE_POLICY, redrivePolicy)))
                .queueUrl();
    }

    static String redrivePolicy(String deadLetterArn, int maxReceiveCount) {
        // ARNs contain no characters that need escaping in JSON, so a template is enough.
        return "{\"deadLetterTargetArn\":\"" + deadLetterArn + "\",\"maxReceiveCount\":\"" + maxReceiveCount + "\"}";
    }
}
