package io.denywatch.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.denywatch.alerts.service.AlertService;
import io.denywatch.contract.incident.SpikeRecord;
import io.denywatch.contract.incident.ValueCount;
import io.denywatch.common.http.Health;
import io.denywatch.common.json.Json;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The webhook receiver unreachable while incidents open and resolve, then back. */
@ExtendWith(RigExtension.class)
class AlertsOutageIT {

    @Test
    void everyAlertIsDeliveredOnceTheReceiverIsBackAndNoneTwice(Rig rig) throws Exception {
        Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            JsonNode body = Json.mapper().readTree(exchange.getRequestBody().readAllBytes());
            received.computeIfAbsent(body.get("incidentId").asText() + ":" + body.get("state").asText(),
                    k -> new AtomicInteger()).incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TcpProxy link = new TcpProxy(URI.create("http://127.0.0.1:" + receiver.getAddress().getPort()));
             AlertService alerts = AlertService.start(rig.config(Map.of(
                             "alerts.webhook.url", link.uri() + "/hook",
                             "alerts.retry.initial-backoff", "200ms",
                             "alerts.retry.max-backoff", "1s",
                             "alerts.http.timeout", "2s")), registry, new Health(),
                     new PrintWriter(new StringWriter()))) {
            link.cut();
            int incidents = 10;
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                    rig.stack.kafkaBootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
                for (int i = 0; i < incidents; i++) {
                    for (SpikeRecord.State state : SpikeRecord.State.values()) {
                        SpikeRecord spike = spike("dw-outage-" + i, state, 20 + i);
                        producer.send(new ProducerRecord<>(rig.spikes(), spike.incidentId(), Json.bytes(spike))).get();
                    }
                }
            }
            // Down until the service has failed and retried against it a good number of times.
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100)).until(() ->
                    BrokerRestartIT.counter(registry, "denywatch.alerts.retried") >= 8);
            link.restore();

            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                    .until(() -> rig.consumed("alerts-" + rig.id, rig.spikes()));
            assertEquals(3 * incidents, received.size(), received.keySet().toString());
            assertTrue(received.values().stream().allMatch(n -> n.get() == 1), "an alert delivered twice: " + received);
            assertEquals(0, BrokerRestartIT.counter(registry, "denywatch.alerts.dead.letters"), "nothing given up");
            Report.note("webhook unreachable, then back", incidents + " incidents, " + received.size()
                    + " messages delivered once each, " + (long) BrokerRestartIT.counter(registry,
                    "denywatch.alerts.retried") + " retries | | | | |");
        } finally {
            receiver.stop(0);
        }
    }

    private static SpikeRecord spike(String incidentId, SpikeRecord.State state, long count) {
        Instant end = Instant.now().minusSeconds(60);
        return new SpikeRecord(1, incidentId, state, SpikeRecord.Severity.HIGH, "principal",
                // A principal of its own per incident: incidents on one key would be held back by the cooldown.
                new SpikeRecord.Key("arn:aws:iam::210987654321:role/" + incidentId, null, null, "210987654321"),
                end.minus(Duration.ofMinutes(5)), end, count, 1.0, end.minusSeconds(200), end.minusSeconds(5),
                end.minusSeconds(100), "arn:aws:sts::210987654321:assumed-role/worker-1/s0",
                List.of(new ValueCount("s3:PutObject", count)), List.of(), List.of(), List.of(), List.of(),
                List.of("e-1"), List.of("r-1"), new SpikeRecord.Reason("IMPLICIT", "IDENTITY_BASED", "IDENTITY", null,
                "Add the action to the role's policy.", List.of("aws sts get-caller-identity")));
    }
}
