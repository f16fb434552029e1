package io.denywatch.cli.demo;

import io.denywatch.contract.Topics;
import io.denywatch.contract.denial.DenialJson;
import io.denywatch.contract.denial.EnrichedDenial;
import io.denywatch.analyzer.streams.AnalyzerSettings;
import io.denywatch.common.config.Config;
import io.denywatch.common.kafka.KafkaClients;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Prints each enriched denial as one line as it arrives on the denials topic: the demo's live view. */
final class DenialTicker implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private volatile boolean running = true;

    private DenialTicker(KafkaConsumer<byte[], byte[]> consumer, String topic, PrintWriter out) {
        this.consumer = consumer;
        this.thread = new Thread(() -> run(topic, out), "denywatch-demo-denials");
        this.thread.setDaemon(true);
    }

    static DenialTicker start(Config config, PrintWriter out) {
        Map<String, Object> props = KafkaClients.common(config, "denywatch-demo-denials");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "denywatch-demo-denials");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        DenialTicker ticker = new DenialTicker(new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer()), Topics.DENIALS.in(config), out);
        ticker.thread.start();
        return ticker;
    }

    private void run(String topic, PrintWriter out) {
        try {
            consumer.subscribe(List.of(topic));
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    try {
                        EnrichedDenial denial = DenialJson.fromBytes(record.value());
                        synchronized (out) {
                            out.println(DenialLine.format(denial));
                            out.flush();
                        }
                    } catch (IOException e) {
                        // not a denial written by the analyzer; nothing to show
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(5000);
    }
}
