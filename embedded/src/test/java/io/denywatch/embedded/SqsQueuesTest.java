package io.denywatch.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SqsQueuesTest {

    @Test
    void redrivePolicyNamesTheTargetAndTheCount() {
        assertEquals("{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:q-dlq\",\"maxReceiveCount\":\"3\"}",
                SqsQueues.redrivePolicy("arn:aws:sqs:us-east-1:000000000000:q-dlq", 3));
    }

    @Test
    void rejectsAMaxReceiveCountSqsWouldRefuse() {
        assertThrows(IllegalArgumentException.class, () -> SqsQueues.createWithRedrive(null, "q", "url", 0));
        assertThrows(IllegalArgumentException.class, () -> SqsQueues.createWithRedrive(null, "q", "url", 1001));
    }
}
