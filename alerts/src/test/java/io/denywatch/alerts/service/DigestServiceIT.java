package io.denywatch.alerts.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.denywatch.alerts.digest.DigestModel;
import io.denywatch.alerts.digest.Fortnight;
import io.denywatch.alerts.sign.WebhookSecret;
import io.denywatch.alerts.sign.WebhookSigner;
import io.denywatch.alerts.sign.WebhookVerifier;
import io.denywatch.alerts.sink.Receiver;
import io.denywatch.common.config.Config;
import io.denywatch.common.http.Health;
import io.denywatch.common.json.Json;
import io.denywatch.common.kafka.TopicInitializer;
import io.denywatch.contract.digest.Digest;
import io.denywatch.contract.incident.SpikeRecord;
import io.denywatch.embedded.LocalStack;
import io.denywatch.embedded.StackExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The weekly digest from the alerts role on a real broker, to real HTTP receivers: a generated fortnight of denials
 * on the denial topic and incidents on the spike topic give, once the clock passes Monday 09:00 UTC, one digest per
 * sink with the figures computed from the corpus — even when the role is stopped in the middle of sending it and
 * two instances take over.
 */
@ExtendWith(StackExtension.class)
class DigestServiceIT {

    private static final String SECRET = "whsec-denywatch-test-0123456789";

    private final List<AutoCloseable> open = new ArrayList<>();
    private final String id = UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private Map<String, String> settings(LocalStack stack, Receiver webhook, Receiver slack) {
        Map<String, String> s = new HashMap<>();
        s.put("kafka.bootstrap.servers", stack.kafkaBootstrapServers());
        s.put("topics.denials", "denials-" + id);
        s.put("topics.spikes", "spikes-" + id);
        s.put("topics.alerts-dlq", "alerts-dlq-" + id);
        s.put("topics.alerts-ledger", "alerts-ledger-" + id);
        s.put("topics.alerts-digests", "alerts-digests-" + id);
        s.put("topics.partitions", "3");
        s.put("alerts.group-id", "alerts-" + id);
        s.put("alerts.webhook.url", webhook.uri("/denywatch").toString());
        s.put("alerts.webhook.secret", SECRET);
        s.put("alerts.slack.webhook-url", slack.uri("/services/T0/B0/x").toString());
        // A failed attempt waits long enough for the test to stop the role in the middle of the send.
        s.put("alerts.retry.initial-backoff", "2m");
        s.put("alerts.retry.max-backoff", "5m");
        return s;
    }

    private AlertService start(Map<String, String> settings, SimpleMeterRegistry registry, Clock clock) {
        AlertService service = AlertService.start(Config.of(settings), registry, new Health(),
                new PrintWriter(new StringWriter()), clock);
        open.add(service);
        return service;
    }

    private void publish(LocalStack stack, List<Fortnight.Stamped> denials) throws Exception {
        // The analyzer creates these topics; here the test does.
        TopicInitializer.ensure(Config.of(Map.of("kafka.bootstrap.servers", stack.kafkaBootstrapServers(),
                "topics.partitions", "3")), List.of("denials-" + id, "spikes-" + id), Map.of());
        // Not idempotent: on partitions this new an idempotent producer can lose its sequence and drop a batch,
        // and the test counts every record. One request in flight keeps a retry from reordering.
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            // The analyzer stamps each denial with its event time; so does this.
            for (Fortnight.Stamped s : denials) {
                sent.add(producer.send(new ProducerRecord<>("denials-" + id, null, s.at().toEpochMilli(),
                        s.denial().principal().identityArn(), Json.bytes(s.denial()))));
            }
            for (Object[] incident : Fortnight.incidents()) {
                SpikeRecord spike = (SpikeRecord) incident[0];
                sent.add(producer.send(new ProducerRecord<>("spikes-" + id, null,
                        ((Instant) incident[1]).toEpochMilli(), spike.incidentId(), Json.bytes(spike))));
            }
            for (Future<RecordMetadata> future : sent) {
                future.get();
            }
        }
    }

    private static boolean isDigest(Receiver.Request r) {
        return r.bodyText().contains("\"digestId\"") || r.bodyText().contains("denial digest");
    }

    private static List<Receiver.Request> digests(Receiver receiver) {
        return receiver.requests().stream().filter(DigestServiceIT::isDigest).toList();
    }

    @Test
    void eachSinkGetsTheFortnightsDigestOnceAcrossARestartInTheMiddleOfTheSend(LocalStack stack) throws Exception {
        AtomicBoolean webhookDown = new AtomicBoolean(true);
        Receiver webhook = new Receiver();
        open.add(webhook);
        webhook.otherwise(r -> isDigest(r) && webhookDown.get() ? Receiver.Answer.of(503, "")
                : Receiver.Answer.of(200, "ok"));
        Receiver slack = new Receiver();
        open.add(slack);
        List<Fortnight.Stamped> corpus = Fortnight.denials(42, 4_000);
        publish(stack, corpus);
        Map<String, String> settings = settings(stack, webhook, slack);
        // Monday 09:00 UTC is a minute away.
        MovableClock clock = new MovableClock(Fortnight.END.minus(Duration.ofMinutes(1)));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AlertService first = start(settings, registry, clock);
        await().atMost(Duration.ofSeconds(60)).until(first::isDigestSender);
        assertEquals(List.of(), digests(webhook));

        clock.set(Fortnight.END.plus(Duration.ofSeconds(5)));

        // Slack takes it; the webhook is down, and the role is stopped while it waits to try again.
        await().atMost(Duration.ofSeconds(60)).until(() -> digests(slack).size() == 1 && digests(webhook).size() == 1);
        first.close();
        assertEquals(1.0, registry.get("denywatch.alerts.digests.sent").tag("sink", "slack").counter().count());
        assertEquals(1.0, registry.get("denywatch.alerts.digests.failed").tag("sink", "webhook").counter().count());

        // Two instances take over; the webhook is back. Only the webhook is sent the digest again, once.
        webhookDown.set(false);
        SimpleMeterRegistry second = new SimpleMeterRegistry();
        SimpleMeterRegistry third = new SimpleMeterRegistry();
        AlertService b = start(settings, second, clock);
        AlertService c = start(settings, third, clock);
        await().atMost(Duration.ofSeconds(90)).until(() -> digests(webhook).size() == 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> b.isDigestSender() || c.isDigestSender());
        // Both instances have had time to act: the sender recorded the webhook's delivery.
        await().atMost(Duration.ofSeconds(30)).until(() -> sentCount(second) + sentCount(third) == 1.0);
        assertEquals(1, digests(slack).size());
        assertEquals(2, digests(webhook).size());

        Receiver.Request delivered = digests(webhook).get(1);
        // Signed at the role's clock, which the test set.
        WebhookVerifier verifier = new WebhookVerifier(WebhookSecret.of(SECRET), clock);
        assertEquals(WebhookVerifier.Result.VALID, verifier.verify(delivered.header(WebhookSigner.TIMESTAMP_HEADER),
                delivered.header(WebhookSigner.SIGNATURE_HEADER), delivered.body()));
        JsonNode json = Json.mapper().readTree(delivered.body());
        try (InputStream in = Digest.class.getResourceAsStream(Digest.SCHEMA_RESOURCE)) {
            JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
            assertEquals(Set.of(), schema.validate(json));
        }
        Digest digest = Json.mapper().treeToValue(json, Digest.class);
        assertEquals(Digest.idFor(Fortnight.CURRENT.start()), digest.digestId());
        new DigestModel(corpus, Fortnight.CURRENT).check(digest, 10);
        assertEquals(DigestModel.expectedIncidents(), DigestModel.incidents(digest));
        assertTrue(digest.previousComplete());
        // Slack was sent the same period's digest, as Block Kit.
        JsonNode slackBody = Json.mapper().readTree(digests(slack).get(0).body());
        assertEquals("Weekly denial digest", slackBody.get("blocks").get(0).get("text").get("text").asText());
        assertTrue(slackBody.toString().contains(digest.digestId()), slackBody.toString());
    }

    private static double sentCount(SimpleMeterRegistry registry) {
        var counter = registry.find("denywatch.alerts.digests.sent").tag("sink", "webhook").counter();
        return counter == null ? 0 : counter.count();
    }
}
