package io.denywatch.embedded;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Starts an {@link EmbeddedStack}, uses each service once, closes it and returns from {@code main} without calling
 * {@code System.exit}: the JVM then ends only if closing left no non-daemon thread running.
 * {@link StackLifecycleIT} runs it in a child JVM.
 */
public final class StackLifecycleMain {

    static final String STARTED_PREFIX = "stack started in ms: ";
    static final String CLOSED_LINE = "stack closed";
    static final String LINGERING_PREFIX = "non-daemon thread after close: ";

    private StackLifecycleMain() {
    }

    public static void main(String[] args) throws Exception {
        try (EmbeddedStack stack = EmbeddedStack.start()) {
            System.out.println(STARTED_PREFIX + stack.startupTime().toMillis());
            stack.createTopic("lifecycle", 1);
            try (KafkaProducer<String, String> producer =
                    KafkaTestClients.producer(stack.kafkaBootstrapServers(), Map.of())) {
                producer.send(new ProducerRecord<>("lifecycle", "ping")).get();
            }
            stack.createBucket("lifecycle");
            stack.s3().putObject(request -> request.bucket("lifecycle").key("ping"), RequestBody.fromString("ping"));
            stack.s3().getObjectAsBytes(request -> request.bucket("lifecycle").key("ping"));
            String queue = stack.createQueue("lifecycle");
            stack.sqs().sendMessage(request -> request.queueUrl(queue).messageBody("ping"));
            stack.sqs().receiveMessage(request -> request.queueUrl(queue).waitTimeSeconds(1));
        }
        System.out.println(CLOSED_LINE);
        // Threads still winding down are listed too; if the JVM does not exit, the culprit is among them.
        List<Thread> lingering = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.isAlive() && !thread.isDaemon() && thread != Thread.currentThread())
                .toList();
        lingering.forEach(thread -> System.out.println(LINGERING_PREFIX + thread.getName()));
    }
}
