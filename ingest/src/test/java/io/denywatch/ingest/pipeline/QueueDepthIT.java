package io.denywatch.ingest.pipeline;

import io.denywatch.embedded.LocalStack;
import io.denywatch.embedded.StackExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The backlog gauge reads a real queue through the SQS API. */
@ExtendWith(StackExtension.class)
class QueueDepthIT {

    @Test
    void theGaugesShowWhatWaitsAndWhatIsInFlight(LocalStack stack) {
        String queueUrl = stack.createQueue("depth-" + UUID.randomUUID().toString().substring(0, 8));
        for (int i = 0; i < 5; i++) {
            int n = i;
            stack.sqs().sendMessage(b -> b.queueUrl(queueUrl).messageBody("message " + n));
        }
        stack.sqs().receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(2).visibilityTimeout(60));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        new QueueDepth(stack.sqs(), queueUrl, new IngestMetrics(registry)).run();

        assertEquals(3.0, gauge(registry, "visible"));
        assertEquals(2.0, gauge(registry, "in_flight"));
        assertEquals(0.0, gauge(registry, "delayed"));
    }

    @Test
    void aQueueThatCannotBeReadShowsNaNAndCountsTheError(LocalStack stack) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        String missing = stack.sqsEndpoint() + "/000000000000/no-such-queue-" + UUID.randomUUID();

        new QueueDepth(stack.sqs(), missing, new IngestMetrics(registry)).run();

        assertTrue(Double.isNaN(gauge(registry, "visible")));
        assertEquals(1.0, registry.get("denywatch.ingest.sqs.errors").tag("operation", "get_queue_attributes")
                .counter().count());
    }

    private static double gauge(SimpleMeterRegistry registry, String state) {
        return registry.get("denywatch.ingest.queue.messages").tag("state", state).gauge().value();
    }
}
