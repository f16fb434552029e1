package io.denywatch.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.denywatch.common.event.EventHeaders;
import io.denywatch.common.json.Json;
import io.denywatch.embedded.LocalStack;
import io.denywatch.embedded.StackExtension;
import io.denywatch.ingest.testing.IngestHarness;
import io.denywatch.embedded.MotoServer;
import io.denywatch.ingest.testing.MotoClients;
import io.denywatch.ingest.testing.RealRecords;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fast path on a real EventBridge (moto_server): the rule made from {@code deploy/terraform/fast-path-pattern.json}
 * — the very file Terraform reads — forwards exactly the failed calls of real CloudTrail records, and, end to end,
 * what it forwards is read from moto's SQS by the ingestor and reaches the raw Kafka topic.
 *
 * <p>Which records are failures is worked out here from the codes of domain.md §4 and the console sign-in rule,
 * independently of the pattern file, so a pattern that forwards too much or too little fails the test.
 */
@ExtendWith(StackExtension.class)
class EventBridgeFastPathIT {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final String RULE_STATE = "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS";

    /** domain.md §4, authorization denials, plus the CIS patterns AccessDenied* and *UnauthorizedOperation below. */
    private static final Set<String> DENIAL_CODES = Set.of("AccessDenied", "AccessDeniedException",
            "Client.UnauthorizedOperation", "UnauthorizedOperation", "VpceAccessDenied", "AuthorizationError");
    /** domain.md §4, authentication failures. */
    private static final Set<String> AUTHENTICATION_CODES = Set.of("InvalidClientTokenId",
            "UnrecognizedClientException", "ExpiredToken", "ExpiredTokenException", "RequestExpired",
            "IncompleteSignature", "MissingAuthenticationToken", "InvalidAccessKeyId", "SignatureDoesNotMatch",
            "InvalidToken", "RequestTimeTooSkewed", "AuthFailure", "Client.AuthFailure");
    /** Near misses: not failures the fast path is for (domain.md §4 "not a denial", look-alikes, odd values). */
    private static final List<String> NEAR_MISSES = List.of("Client.DryRunOperation", "AllAccessDisabled",
            "AccountProblem", "ThrottlingException", "CloudTrailInvalidClientTokenIdException", "AccessDenie",
            "UnauthorizedOperationX", "accessdenied", "200", "");

    private static MotoServer moto;
    private static EventBridgeClient events;
    private static SqsClient sqs;

    private final LocalStack stack;

    EventBridgeFastPathIT(LocalStack stack) {
        this.stack = stack;
    }

    @BeforeAll
    static void startMoto() {
        moto = MotoServer.start();
        events = MotoClients.eventBridge(moto);
        sqs = MotoClients.sqs(moto);
    }

    @AfterAll
    static void stopMoto() {
        if (events != null) {
            events.close();
        }
        if (sqs != null) {
            sqs.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    @Test
    void theRuleForwardsExactlyTheFailedCallsAndFailedSignInsOfRealRecords() {
        String queueUrl = createQueue("routing");
        String rule = createRule("routing", queueUrl);
        try {
            List<JsonNode> records = new ArrayList<>(RealRecords.fromDeliveryFiles());
            records.addAll(RealRecords.fromPantherTests());
            records.addAll(codeVariants(records));
            Map<String, JsonNode> putById = putEvents(records);
            Set<String> expected = new TreeSet<>();
            putById.forEach((id, record) -> {
                if (isFailure(record)) {
                    expected.add(id);
                }
            });
            assertTrue(expected.size() > 100 && expected.size() < putById.size() / 2,
                    expected.size() + " failures among " + putById.size());

            Map<String, JsonNode> received = drain(queueUrl, expected.size());
            Set<String> missing = new TreeSet<>(expected);
            missing.removeAll(received.keySet());
            Set<String> extra = new TreeSet<>(received.keySet());
            extra.removeAll(expected);
            assertEquals(List.of(), describe(missing, putById), "failures the rule did not forward");
            assertEquals(List.of(), describe(extra, putById), "events the rule forwarded that are not failures");
            received.forEach((id, body) -> {
                JsonNode record = putById.get(id);
                assertEquals(record, body.get("detail"), "the record is the event's detail");
                assertEquals(RealRecords.eventBridgeSource(record), body.path("source").asText());
                assertEquals(RealRecords.eventBridgeDetailType(record), body.path("detail-type").asText());
            });
        } finally {
            deleteRule(rule);
        }
    }

    @Test
    void failuresPutOnTheBusReachTheRawTopicThroughTheRuleTheQueueAndTheIngestor() {
        String notifications = createQueue("notifications");
        String fastPath = createQueue("fast-path");
        String rule = createRule("e2e", fastPath);
        try (IngestHarness harness = new IngestHarness(stack)) {
            // Real records with distinct eventIDs: denials, authentication failures, console sign-ins (failed and
            // not), successes.
            Map<String, JsonNode> byEventId = new LinkedHashMap<>();
            List<JsonNode> pool = new ArrayList<>(RealRecords.fromPantherTests());
            pool.addAll(RealRecords.fromDeliveryFiles().subList(0, 400));
            for (JsonNode record : pool) {
                if (record.path("eventID").isTextual()) {
                    byEventId.putIfAbsent(record.get("eventID").asText(), record);
                }
            }
            List<JsonNode> chosen = new ArrayList<>(byEventId.values());
            Map<String, JsonNode> putById = putEvents(chosen);
            Map<String, String> expectedEventIds = new HashMap<>();
            putById.forEach((id, record) -> {
                if (isFailure(record)) {
                    expectedEventIds.put(record.get("eventID").asText(), id);
                }
            });
            assertTrue(expectedEventIds.size() >= 30, "failures: " + expectedEventIds.size());
            assertTrue(chosen.stream().anyMatch(r -> isFailure(r) && !r.has("errorCode")), "a failed console sign-in");

            harness.with("aws.sqs.endpoint", moto.endpoint().toString()).with("aws.region", MotoServer.REGION)
                    .with("ingest.queue-url", notifications).with("ingest.fast-path.queue-url", fastPath)
                    .with("ingest.queue-depth-interval", "0s").start();

            await().atMost(PATIENCE).until(() -> harness.count("denywatch.ingest.eventbridge.events")
                    >= expectedEventIds.size());
            await().atMost(PATIENCE).until(() -> messagesOn(fastPath) == 0);
            List<ConsumerRecord<byte[], byte[]>> raw = harness.readAll(harness.rawTopic, expectedEventIds.size(),
                    PATIENCE);
            Set<String> keys = new HashSet<>();
            for (ConsumerRecord<byte[], byte[]> record : raw) {
                String eventId = new String(record.key(), StandardCharsets.UTF_8);
                keys.add(eventId);
                String eventBridgeId = expectedEventIds.get(eventId);
                assertNotNull(eventBridgeId, "only failures reach the raw topic: " + eventId);
                assertEquals("eventbridge:" + MotoServer.REGION + "/" + eventBridgeId, header(record, EventHeaders.SOURCE));
                JsonNode original = putById.get(eventBridgeId);
                assertEquals(original, parse(record.value()), "the record, as EventBridge wrote it");
                assertEquals(eventId, header(record, EventHeaders.EVENT_ID));
                assertEquals(original.path("errorCode").isTextual() ? original.get("errorCode").asText() : null,
                        header(record, EventHeaders.ERROR_CODE));
                assertEquals(original.get("eventTime").asText(), header(record, EventHeaders.EVENT_TIME));
            }
            assertEquals(expectedEventIds.keySet(), keys);
            assertEquals(expectedEventIds.size(), raw.size(), "each once");
            assertEquals(0, messagesOn(notifications));
        } finally {
            deleteRule(rule);
        }
    }

    /**
     * Synthesized: a real successful record with its errorCode replaced by every code of domain.md §4 (with and
     * without EC2's {@code Client.} prefix) and by near misses, since the real data has only a few of the codes.
     */
    private static List<JsonNode> codeVariants(List<JsonNode> records) {
        JsonNode success = records.stream()
                .filter(r -> !r.has("errorCode") && "ec2.amazonaws.com".equals(r.path("eventSource").asText()))
                .findFirst().orElseThrow();
        List<String> codes = new ArrayList<>(NEAR_MISSES);
        for (String code : union(DENIAL_CODES, AUTHENTICATION_CODES)) {
            codes.add(code);
            codes.add(code.startsWith("Client.") ? code.substring("Client.".length()) : "Client." + code);
        }
        codes.addAll(List.of("AccessDeniedForDependency", "Client.UnauthorizedOperation", "AccessDenied.Extra"));
        List<JsonNode> out = new ArrayList<>();
        for (String code : codes) {
            ObjectNode variant = success.deepCopy();
            variant.put("errorCode", code).put("eventID", UUID.randomUUID().toString());
            out.add(variant);
        }
        return out;
    }

    /** Whether the record is a failed call or sign-in the fast path is for: domain.md §4, worked out here. */
    private static boolean isFailure(JsonNode record) {
        JsonNode errorCode = record.get("errorCode");
        if (errorCode != null && errorCode.isTextual()) {
            String code = errorCode.asText();
            // EC2 writes some codes with a Client. prefix; the analyzer matches them with or without it.
            String bare = code.startsWith("Client.") ? code.substring("Client.".length()) : code;
            for (String c : List.of(code, bare)) {
                if (DENIAL_CODES.contains(c) || AUTHENTICATION_CODES.contains(c) || c.startsWith("AccessDenied")
                        || c.endsWith("UnauthorizedOperation")) {
                    return true;
                }
            }
        }
        // Failed console sign-ins carry no errorCode.
        return "Failure".equals(record.path("responseElements").path("ConsoleLogin").asText(null));
    }

    /** Puts each record on the default bus as CloudTrail would; returns EventBridge's event id → the record. */
    private static Map<String, JsonNode> putEvents(List<JsonNode> records) {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        for (int from = 0; from < records.size(); from += 10) {
            List<JsonNode> batch = records.subList(from, Math.min(from + 10, records.size()));
            List<PutEventsRequestEntry> entries = batch.stream().map(r -> PutEventsRequestEntry.builder()
                    .source(RealRecords.eventBridgeSource(r)).detailType(RealRecords.eventBridgeDetailType(r))
                    .detail(write(r)).build()).toList();
            PutEventsResponse response = events.putEvents(b -> b.entries(entries));
            assertEquals(0, response.failedEntryCount(), response.toString());
            for (int i = 0; i < batch.size(); i++) {
                byId.put(response.entries().get(i).eventId(), batch.get(i));
            }
        }
        return byId;
    }

    /** Receives and deletes until {@code expected} arrived and the queue is empty; EventBridge id → body. */
    private static Map<String, JsonNode> drain(String queueUrl, int expected) {
        Map<String, JsonNode> received = new HashMap<>();
        await().atMost(PATIENCE).pollDelay(Duration.ZERO).until(() -> {
            List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(1)).messages();
            for (Message m : messages) {
                JsonNode body = parse(m.body().getBytes(StandardCharsets.UTF_8));
                JsonNode previous = received.put(body.get("id").asText(), body);
                assertEquals(null, previous, "each event once: " + body.get("id"));
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
            return received.size() >= expected && messagesOn(queueUrl) == 0;
        });
        return received;
    }

    private String createQueue(String purpose) {
        return sqs.createQueue(b -> b.queueName("denywatch-" + purpose + "-" + UUID.randomUUID().toString()
                .substring(0, 8))).queueUrl();
    }

    /** The fast-path rule as Terraform creates it: the pattern file as it is, the state, the queue as target. */
    private static String createRule(String purpose, String queueUrl) {
        String name = "denywatch-fast-path-" + purpose;
        String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        events.putRule(b -> b.name(name).eventBusName("default").eventPattern(patternFile()).state(RULE_STATE));
        assertEquals(RULE_STATE, events.describeRule(b -> b.name(name)).stateAsString());
        assertEquals(0, events.putTargets(b -> b.rule(name).targets(t -> t.id("queue").arn(queueArn)))
                .failedEntryCount());
        return name;
    }

    private static void deleteRule(String name) {
        events.removeTargets(b -> b.rule(name).ids("queue"));
        events.deleteRule(b -> b.name(name));
    }

    private static String patternFile() {
        Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        Path file = (module.endsWith("ingest") ? module.getParent() : module)
                .resolve("deploy/terraform/fast-path-pattern.json");
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("the fast path's pattern file: " + file, e);
        }
    }

    private static int messagesOn(String queueUrl) {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    private static List<String> describe(Set<String> ids, Map<String, JsonNode> records) {
        return ids.stream().map(id -> records.get(id)).map(r -> r.path("eventSource").asText() + " "
                + r.path("eventName").asText() + " errorCode=" + r.path("errorCode").asText("-") + " ConsoleLogin="
                + r.path("responseElements").path("ConsoleLogin").asText("-")).toList();
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new TreeSet<>(a);
        out.addAll(b);
        return out;
    }

    private static JsonNode parse(byte[] json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String write(JsonNode record) {
        try {
            return Json.mapper().writeValueAsString(record);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
