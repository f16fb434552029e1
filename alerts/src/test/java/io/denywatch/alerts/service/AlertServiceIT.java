package io.denywatch.alerts.service;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.denywatch.alerts.incident.Incidents;
import io.denywatch.alerts.incident.Resolutions;
import io.denywatch.alerts.resolve.ControlledLookup;
import io.denywatch.alerts.resolve.IncidentLookup;
import io.denywatch.alerts.sign.WebhookSecret;
import io.denywatch.alerts.sign.WebhookSigner;
import io.denywatch.alerts.sign.WebhookVerifier;
import io.denywatch.alerts.sink.Receiver;
import io.denywatch.contract.incident.SpikeRecord;
import io.denywatch.common.config.Config;
import io.denywatch.common.http.Health;
import io.denywatch.common.json.Json;
import io.denywatch.embedded.LocalStack;
import io.denywatch.embedded.StackExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The alerts role on a real broker, delivering to real HTTP receivers. */
@ExtendWith(StackExtension.class)
class AlertServiceIT {

    private static final String SECRET = "whsec-denywatch-test-0123456789";

    private final List<AutoCloseable> open = new ArrayList<>();
    private final String id = UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private Receiver receiver() throws Exception {
        Receiver receiver = new Receiver();
        open.add(receiver);
        return receiver;
    }

    private Map<String, String> settings(LocalStack stack, Receiver webhook) {
        Map<String, String> s = new HashMap<>();
        s.put("kafka.bootstrap.servers", stack.kafkaBootstrapServers());
        s.put("topics.spikes", "spikes-" + id);
        s.put("topics.alerts-dlq", "alerts-dlq-" + id);
        s.put("topics.alerts-ledger", "alerts-ledger-" + id);
        s.put("topics.partitions", "3");
        s.put("alerts.group-id", "alerts-" + id);
        s.put("alerts.webhook.url", webhook.uri("/denywatch").toString());
        s.put("alerts.webhook.secret", SECRET);
        s.put("alerts.retry.initial-backoff", "100ms");
        s.put("alerts.retry.max-backoff", "500ms");
        return s;
    }

    private AlertService start(Map<String, String> settings, SimpleMeterRegistry registry) {
        AlertService service = AlertService.start(Config.of(settings), registry, new Health(),
                new PrintWriter(new java.io.StringWriter()));
        open.add(service);
        return service;
    }

    private static SpikeRecord incident(String incidentId, SpikeRecord.State state, long count) {
        SpikeRecord r = Incidents.open(state, count);
        return new SpikeRecord(r.schemaVersion(), incidentId, state, r.severity(), r.dimension(), r.key(),
                r.windowStart(), r.windowEnd(), count, r.baseline(), r.firstSeen(), r.lastSeen(), r.openedAt(),
                r.principalArn(), r.topActions(), r.topResources(), r.topResourceFamilies(), r.topErrorMessages(),
                r.topPolicyTypes(), r.sampleEventIds(), r.sampleRequestIds(), r.diagnosis(), r.totalCount(),
                r.peakCount(), r.peakWindowStart(), r.startedAt(), r.latestAt(), r.resolvedAt());
    }

    private void publish(LocalStack stack, String topic, List<Object> messages) throws Exception {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            for (Object message : messages) {
                if (message instanceof SpikeRecord spike) {
                    producer.send(new ProducerRecord<>(topic, spike.incidentId(), Json.bytes(spike))).get();
                } else {
                    producer.send(new ProducerRecord<>(topic, "junk", ((String) message)
                            .getBytes(StandardCharsets.UTF_8))).get();
                }
            }
        }
    }

    /** Waits until the group has committed every message of the topic: all of it is handled. */
    private static void awaitAllCommitted(LocalStack stack, String group, String topic) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.kafkaBootstrapServers()))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get();
                var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                partitions.forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
                var ends = admin.listOffsets(latest).all().get();
                for (var e : ends.entrySet()) {
                    long end = e.getValue().offset();
                    OffsetAndMetadata c = committed.get(e.getKey());
                    if (end > 0 && (c == null || c.offset() < end)) {
                        return false;
                    }
                }
                return true;
            });
        }
    }

    private static List<JsonNode> readAll(LocalStack stack, String topic, int expected) throws Exception {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<JsonNode> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    out.add(Json.mapper().readTree(r.value()));
                }
                return out.size() >= expected;
            });
            // Nothing more arrives.
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                out.add(Json.mapper().readTree(r.value()));
            }
        }
        return out;
    }

    private static List<String> states(Receiver receiver) {
        return receiver.requests().stream().map(r -> {
            try {
                JsonNode body = Json.mapper().readTree(r.body());
                return body.get("incidentId").asText() + ":" + body.get("state").asText() + ":"
                        + body.get("count").asLong();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    @Test
    void eachMessageIsDeliveredOnceEvenWhenARestartHasLostTheCommittedOffsets(LocalStack stack) throws Exception {
        Receiver webhook = receiver();
        Receiver slack = receiver();
        Map<String, String> settings = settings(stack, webhook);
        settings.put("alerts.slack.webhook-url", slack.uri("/services/T0/B0/x").toString());
        String topic = "spikes-" + id;
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        AlertService first = start(settings, registry);
        publish(stack, topic, List.of(incident("dw-a", SpikeRecord.State.OPEN, 12), "{not json",
                incident("dw-a", SpikeRecord.State.UPDATE, 80), incident("dw-a", SpikeRecord.State.RESOLVED, 1)));

        await().atMost(Duration.ofSeconds(60)).until(() -> webhook.requests().size() >= 3
                && slack.requests().size() >= 2);
        awaitAllCommitted(stack, "alerts-" + id, topic);
        assertEquals(List.of("dw-a:OPEN:12", "dw-a:UPDATE:80", "dw-a:RESOLVED:1"), states(webhook));
        // Slack's channel gets the opening and the resolution; the update did not raise the severity.
        assertEquals(2, slack.requests().size());
        WebhookVerifier verifier = new WebhookVerifier(WebhookSecret.of(SECRET), Clock.systemUTC());
        for (Receiver.Request r : webhook.requests()) {
            assertEquals(WebhookVerifier.Result.VALID, verifier.verify(r.header(WebhookSigner.TIMESTAMP_HEADER),
                    r.header(WebhookSigner.SIGNATURE_HEADER), r.body()));
        }
        assertEquals(3.0, registry.get("denywatch.alerts.sent").tag("sink", "webhook").counter().count());
        List<JsonNode> dead = readAll(stack, "alerts-dlq-" + id, 1);
        assertEquals(1, dead.size());
        assertEquals("unreadable", dead.get(0).get("reason").asText());
        first.close();

        // A new group starts from the beginning of the topic, as if every offset commit had been lost: the ledger
        // alone must keep it from sending anything again.
        settings.put("alerts.group-id", "alerts-again-" + id);
        start(settings, new SimpleMeterRegistry());
        awaitAllCommitted(stack, "alerts-again-" + id, topic);
        assertEquals(3, webhook.requests().size());
        assertEquals(2, slack.requests().size());
    }

    @Test
    void aReceiverDownForAWhileGetsEveryAlertExactlyOnceWhenItIsBack(LocalStack stack) throws Exception {
        Receiver webhook = receiver();
        webhook.then(Receiver.Answer.of(503, ""), Receiver.Answer.of(503, ""), Receiver.Answer.of(502, ""),
                Receiver.Answer.of(503, ""), Receiver.Answer.of(503, ""),
                Receiver.Answer.of(429, "", Map.of("Retry-After", "1")));
        String topic = "spikes-" + id;
        Map<String, String> settings = settings(stack, webhook);
        settings.put("alerts.webhook.url", webhook.uri("/hooks/t0k3n-in-the-path").toString());
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(logs);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try {
            start(settings, registry);
            publish(stack, topic, List.of(incident("dw-1", SpikeRecord.State.OPEN, 12),
                    incident("dw-2", SpikeRecord.State.OPEN, 13), incident("dw-3", SpikeRecord.State.OPEN, 14)));

            awaitAllCommitted(stack, "alerts-" + id, topic);
        } finally {
            root.detachAppender(logs);
        }

        // The failures were logged, and neither the address nor the secret was.
        assertTrue(logs.list.stream().anyMatch(e -> e.getFormattedMessage().contains("HTTP 503")));
        for (ILoggingEvent event : logs.list) {
            String line = event.getFormattedMessage() + (event.getThrowableProxy() == null ? ""
                    : event.getThrowableProxy().getMessage());
            assertFalse(line.contains("t0k3n") || line.contains(SECRET), line);
        }
        String meters = registry.getMetersAsString();
        assertFalse(meters.contains("t0k3n") || meters.contains(SECRET) || meters.contains("127.0.0.1"), meters);

        List<Receiver.Request> requests = webhook.requests();
        assertEquals(9, requests.size(), "six refused, then one each");
        Map<String, Long> accepted = states(webhook).subList(6, 9).stream()
                .collect(Collectors.groupingBy(s -> s.split(":")[0], Collectors.counting()));
        assertEquals(Map.of("dw-1", 1L, "dw-2", 1L, "dw-3", 1L), accepted);
        long afterRateLimit = requests.get(6).atNanos() - requests.get(5).atNanos();
        assertTrue(afterRateLimit >= Duration.ofMillis(950).toNanos(),
                "Retry-After: 1 honoured, waited " + afterRateLimit / 1_000_000 + " ms");
    }

    @Test
    void aRefusedAlertIsDeadLetteredWithItsReasonAndTheNextStillGoesOut(LocalStack stack) throws Exception {
        Receiver webhook = receiver();
        webhook.otherwise(r -> r.bodyText().contains("\"dw-bad\"") ? Receiver.Answer.of(400, "invalid_payload")
                : Receiver.Answer.of(200, "ok"));
        String topic = "spikes-" + id;
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        start(settings(stack, webhook), registry);
        publish(stack, topic, List.of(incident("dw-bad", SpikeRecord.State.OPEN, 12),
                incident("dw-good", SpikeRecord.State.OPEN, 13)));

        awaitAllCommitted(stack, "alerts-" + id, topic);

        List<JsonNode> dead = readAll(stack, "alerts-dlq-" + id, 1);
        assertEquals(1, dead.size());
        assertEquals("webhook", dead.get(0).get("sink").asText());
        assertEquals("rejected", dead.get(0).get("reason").asText());
        assertEquals("HTTP 400: invalid_payload", dead.get(0).get("detail").asText());
        assertEquals("dw-bad", dead.get(0).get("incident").get("incidentId").asText());
        assertTrue(states(webhook).contains("dw-good:OPEN:13"));
        assertEquals(1.0, registry.get("denywatch.alerts.dead.letters").tag("sink", "webhook")
                .tag("reason", "rejected").counter().count());
    }

    private AlertService start(Map<String, String> settings, IncidentLookup lookup) {
        AlertService service = AlertService.start(Config.of(settings), new SimpleMeterRegistry(), new Health(),
                new PrintWriter(new java.io.StringWriter()), Clock.systemUTC(), lookup);
        open.add(service);
        return service;
    }

    @Test
    void aLateAnswerIsFollowedUpOnceAndNotAgainAfterARestart(LocalStack stack) throws Exception {
        Receiver webhook = receiver();
        Map<String, String> settings = settings(stack, webhook);
        settings.put("alerts.resolve.wait", "200ms");
        String topic = "spikes-" + id;
        ControlledLookup lookup = new ControlledLookup();
        AlertService first = start(settings, lookup);
        publish(stack, topic, List.of(incident("dw-late", SpikeRecord.State.OPEN, 12)));

        await().atMost(Duration.ofSeconds(60)).until(() -> webhook.requests().size() >= 1);
        assertEquals(1, lookup.times("dw-late"));
        lookup.answer("dw-late", Resolutions.scpDeny());
        await().atMost(Duration.ofSeconds(30)).until(() -> webhook.requests().size() >= 2);

        Receiver.Request followUp = webhook.requests().get(1);
        assertEquals(WebhookVerifier.Result.VALID, new WebhookVerifier(WebhookSecret.of(SECRET), Clock.systemUTC())
                .verify(followUp.header(WebhookSigner.TIMESTAMP_HEADER),
                        followUp.header(WebhookSigner.SIGNATURE_HEADER), followUp.body()));
        JsonNode body = Json.mapper().readTree(followUp.body());
        assertEquals("RESOLUTION_FOLLOW_UP", body.get("event").asText());
        assertEquals(Resolutions.SID, body.at("/diagnosis/statements/0/sid").asText());
        awaitAllCommitted(stack, "alerts-" + id, topic);
        first.close();

        // Every message read again from the start: the ledger knows the follow-up was sent.
        settings.put("alerts.group-id", "alerts-again-" + id);
        ControlledLookup afterRestart = new ControlledLookup();
        start(settings, afterRestart);
        awaitAllCommitted(stack, "alerts-again-" + id, topic);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> webhook.requests().size() == 2);
        assertEquals(0, afterRestart.times("dw-late"));
    }

    @Test
    void aLookupUnderWayWhenTheServiceStoppedIsMadeAgainAndFollowedUpOnce(LocalStack stack) throws Exception {
        Receiver webhook = receiver();
        Map<String, String> settings = settings(stack, webhook);
        settings.put("alerts.resolve.wait", "0s");
        String topic = "spikes-" + id;
        AlertService first = start(settings, new ControlledLookup());
        publish(stack, topic, List.of(incident("dw-pending", SpikeRecord.State.OPEN, 12)));
        awaitAllCommitted(stack, "alerts-" + id, topic);
        assertEquals(1, webhook.requests().size());
        first.close();

        ControlledLookup afterRestart = new ControlledLookup();
        start(settings, afterRestart);
        await().atMost(Duration.ofSeconds(60)).until(() -> afterRestart.times("dw-pending") == 1);
        afterRestart.answer("dw-pending", Resolutions.scpDeny());

        await().atMost(Duration.ofSeconds(30)).until(() -> webhook.requests().size() >= 2);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> webhook.requests().size() == 2);
        assertEquals("RESOLUTION_FOLLOW_UP", Json.mapper().readTree(webhook.requests().get(1).body())
                .get("event").asText());
    }

    @Test
    void startingWithoutAnySinkIsRefusedWithTheSettingsToUse(LocalStack stack) {
        Map<String, String> settings = new HashMap<>();
        settings.put("kafka.bootstrap.servers", stack.kafkaBootstrapServers());
        var e = org.junit.jupiter.api.Assertions.assertThrows(io.denywatch.common.config.ConfigException.class,
                () -> AlertService.start(Config.of(settings), new SimpleMeterRegistry(), new Health(), new PrintWriter(System.out)));
        assertTrue(e.getMessage().contains("DENYWATCH_ALERTS_SLACK_WEBHOOK_URL"), e.getMessage());
        assertTrue(e.getMessage().contains("DENYWATCH_ALERTS_WEBHOOK_URL"), e.getMessage());
    }
}
