package io.denywatch.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.denywatch.common.event.EventHeaders;
import io.denywatch.common.json.Json;
import io.denywatch.embedded.LocalStack;
import io.denywatch.embedded.SampleLogFiles;
import io.denywatch.embedded.StackExtension;
import io.denywatch.ingest.testing.EventBridgeEvents;
import io.denywatch.ingest.testing.IngestHarness;
import io.denywatch.ingest.testing.Notifications;
import io.denywatch.ingest.testing.RealLogFiles;
import io.denywatch.ingest.testing.RealRecords;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The EventBridge fast path through the real ingestor, broker and SQS: CloudTrail records delivered by EventBridge,
 * mixed with S3 notifications on one queue or on a queue of their own, reach the raw topic with the log file path's
 * contract; a bad one is dead-lettered without holding anything back.
 */
@ExtendWith(StackExtension.class)
class EventBridgeIngestIT {

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private final IngestHarness harness;

    EventBridgeIngestIT(LocalStack stack) {
        this.harness = new IngestHarness(stack);
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void eventBridgeRecordsAndS3NotificationsMixedOnOneQueueBothReachTheRawTopicAndBadOnesAreDeadLettered() {
        // Two log files by S3 notification...
        List<String> files = List.of(RealLogFiles.all().get(0), RealLogFiles.all().get(1));
        int fileEvents = 0;
        for (String name : files) {
            harness.put(SampleLogFiles.s3Key("", name), RealLogFiles.gzip(RealLogFiles.bytes(name)));
            fileEvents += records(RealLogFiles.bytes(name)).size();
        }
        // ...and real records by EventBridge: the denials of other files, console sign-in failures, and one event of
        // the first file, which arrives both ways as it does in production.
        List<JsonNode> carried = new ArrayList<>();
        RealRecords.fromDeliveryFiles().stream().skip(fileEvents)
                .filter(r -> r.path("errorCode").asText("").contains("Unauthorized")).limit(6).forEach(carried::add);
        RealRecords.fromPantherTests().stream()
                .filter(r -> r.path("eventID").isTextual() && "Failure".equals(
                        r.path("responseElements").path("ConsoleLogin").asText()))
                .limit(2).forEach(carried::add);
        JsonNode both = records(RealLogFiles.bytes(files.get(0))).get(3);
        carried.add(both);
        Map<String, String> detailById = new LinkedHashMap<>();
        Map<String, JsonNode> recordById = new HashMap<>();
        List<String> bodies = new ArrayList<>();
        int i = 0;
        for (JsonNode record : carried) {
            String id = UUID.randomUUID().toString();
            String detail = i++ % 2 == 0 ? write(record) : pretty(record);
            detailById.put(id, detail);
            recordById.put(id, record);
            bodies.add(EventBridgeEvents.cloudTrail(id, record, detail));
        }
        String noEventId = EventBridgeEvents.envelope(UUID.randomUUID().toString(), "aws.iam",
                "AWS API Call via CloudTrail", "us-east-1", "{\"eventVersion\":\"1.08\",\"errorCode\":\"AccessDenied\"}");
        String foreign = EventBridgeEvents.envelope(UUID.randomUUID().toString(), "aws.ec2",
                "EC2 Instance State-change Notification", "us-east-1", "{\"instance-id\":\"i-0123\",\"state\":\"running\"}");

        // In any order: the bad messages first, so nothing after them could pass unless they are out of the way.
        harness.send(noEventId);
        harness.send(foreign);
        for (int n = 0; n < bodies.size(); n++) {
            harness.send(bodies.get(n));
            if (n < files.size()) {
                harness.send(Notifications.s3Event(harness.bucket, SampleLogFiles.s3Key("", files.get(n))));
            }
        }
        int messages = 2 + bodies.size() + files.size();
        harness.start();

        await().atMost(PATIENCE).until(() -> harness.count("denywatch.ingest.messages.deleted") == messages);
        assertEquals(0, harness.messagesOnQueue());
        int expected = fileEvents + carried.size();
        List<ConsumerRecord<byte[], byte[]>> raw = harness.readAll(harness.rawTopic, expected, PATIENCE);
        assertEquals(expected, raw.size(), "every file event and every carried record, once");

        List<ConsumerRecord<byte[], byte[]>> viaEventBridge = raw.stream()
                .filter(r -> header(r, EventHeaders.SOURCE).startsWith("eventbridge:")).toList();
        assertEquals(carried.size(), viaEventBridge.size());
        for (ConsumerRecord<byte[], byte[]> record : viaEventBridge) {
            String id = header(record, EventHeaders.SOURCE).substring("eventbridge:us-east-1/".length());
            String detail = detailById.get(id);
            assertNotNull(detail, "source names the EventBridge event: " + header(record, EventHeaders.SOURCE));
            assertArrayEquals(detail.getBytes(StandardCharsets.UTF_8), record.value(), "the record's exact bytes");
            JsonNode event = recordById.get(id);
            assertEquals(event.get("eventID").asText(), new String(record.key(), StandardCharsets.UTF_8));
            for (String name : List.of(EventHeaders.EVENT_ID, EventHeaders.ERROR_CODE, EventHeaders.EVENT_SOURCE,
                    EventHeaders.EVENT_NAME, EventHeaders.EVENT_TIME, EventHeaders.RECIPIENT_ACCOUNT_ID)) {
                JsonNode value = event.get(name);
                assertEquals(value != null && value.isTextual() ? value.asText() : null, header(record, name), name);
            }
        }

        // The event that came both ways: one key, the same headers but the source, the same event.
        List<ConsumerRecord<byte[], byte[]>> twice = raw.stream()
                .filter(r -> both.get("eventID").asText().equals(header(r, EventHeaders.EVENT_ID))).toList();
        assertEquals(2, twice.size());
        assertArrayEquals(twice.get(0).key(), twice.get(1).key());
        for (String name : List.of(EventHeaders.ERROR_CODE, EventHeaders.EVENT_SOURCE, EventHeaders.EVENT_NAME,
                EventHeaders.EVENT_TIME, EventHeaders.RECIPIENT_ACCOUNT_ID)) {
            assertEquals(header(twice.get(0), name), header(twice.get(1), name), name);
        }
        assertEquals(parse(twice.get(0).value()), parse(twice.get(1).value()));

        List<ConsumerRecord<byte[], byte[]>> letters = harness.readAll(harness.dlqTopic, 2, PATIENCE);
        assertEquals(2, letters.size());
        Map<String, JsonNode> byReason = new HashMap<>();
        letters.forEach(l -> byReason.put(parse(l.value()).get("reason").asText(), parse(l.value())));
        assertEquals("notification", byReason.get("missing_field").get("kind").asText());
        assertTrue(byReason.get("missing_field").get("detail").asText().contains("detail.eventID"),
                byReason.get("missing_field").toString());
        assertEquals("notification", byReason.get("unknown_shape").get("kind").asText());
        assertTrue(byReason.get("unknown_shape").get("source").asText().startsWith("sqs:" + harness.queueUrl + "#"));

        assertEquals(carried.size(), harness.count("denywatch.ingest.eventbridge.events"));
        assertEquals(expected, harness.count("denywatch.ingest.events.produced"));
        assertEquals(2, harness.count("denywatch.ingest.messages.skipped", "reason", "bad_notification"));
        assertEquals(2, harness.count("denywatch.ingest.files.ok"));
    }

    @Test
    void aFastPathQueueIsReadByItsOwnLoopsBesideTheNotificationQueue() {
        String fastPath = harness.stack.createQueue("fast-path-" + UUID.randomUUID().toString().substring(0, 8));
        harness.with("ingest.fast-path.queue-url", fastPath).with("ingest.fast-path.workers", "1");
        String name = RealLogFiles.all().get(2);
        harness.put(SampleLogFiles.s3Key("", name), RealLogFiles.gzip(RealLogFiles.bytes(name)));
        harness.send(Notifications.s3Event(harness.bucket, SampleLogFiles.s3Key("", name)));
        List<JsonNode> denials = RealRecords.fromDeliveryFiles().stream()
                .filter(r -> "AccessDenied".equals(r.path("errorCode").asText())).limit(5).toList();
        Map<String, String> detailById = new HashMap<>();
        for (JsonNode record : denials) {
            String id = UUID.randomUUID().toString();
            detailById.put(id, write(record));
            harness.stack.sqs().sendMessage(b -> b.queueUrl(fastPath)
                    .messageBody(EventBridgeEvents.cloudTrail(id, record, detailById.get(id))));
        }
        harness.start();

        int fileEvents = records(RealLogFiles.bytes(name)).size();
        await().atMost(PATIENCE).until(() -> harness.count("denywatch.ingest.messages.deleted") == 1 + denials.size());
        List<ConsumerRecord<byte[], byte[]>> raw = harness.readAll(harness.rawTopic, fileEvents + denials.size(),
                PATIENCE);
        assertEquals(fileEvents + denials.size(), raw.size());
        List<ConsumerRecord<byte[], byte[]>> fast = raw.stream()
                .filter(r -> header(r, EventHeaders.SOURCE).startsWith("eventbridge:")).toList();
        assertEquals(denials.size(), fast.size());
        for (ConsumerRecord<byte[], byte[]> record : fast) {
            String id = header(record, EventHeaders.SOURCE).substring("eventbridge:us-east-1/".length());
            assertArrayEquals(detailById.get(id).getBytes(StandardCharsets.UTF_8), record.value());
            assertEquals("AccessDenied", header(record, EventHeaders.ERROR_CODE));
        }
        Map<software.amazon.awssdk.services.sqs.model.QueueAttributeName, String> left = harness.stack.sqs()
                .getQueueAttributes(b -> b.queueUrl(fastPath).attributeNames(
                        software.amazon.awssdk.services.sqs.model.QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        software.amazon.awssdk.services.sqs.model.QueueAttributeName
                                .APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        assertTrue(left.values().stream().allMatch("0"::equals), "fast-path queue drained: " + left);
        assertEquals(denials.size(), harness.count("denywatch.ingest.eventbridge.events"));
    }

    private static JsonNode records(byte[] file) {
        return parse(file).get("Records");
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

    private static String pretty(JsonNode record) {
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(record);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
