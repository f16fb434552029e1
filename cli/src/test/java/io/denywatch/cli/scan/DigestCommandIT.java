package io.denywatch.cli.scan;

import com.fasterxml.jackson.databind.JsonNode;
import io.denywatch.cli.CliRun;
import io.denywatch.common.config.Config;
import io.denywatch.common.json.Json;
import io.denywatch.common.kafka.TopicInitializer;
import io.denywatch.contract.denial.Category;
import io.denywatch.contract.denial.Diagnosis;
import io.denywatch.contract.denial.DenyKind;
import io.denywatch.contract.denial.EncodedMessage;
import io.denywatch.contract.denial.EnrichedDenial;
import io.denywatch.contract.denial.FixLocation;
import io.denywatch.contract.denial.PolicyType;
import io.denywatch.contract.denial.Principal;
import io.denywatch.embedded.LocalStack;
import io.denywatch.embedded.StackExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code denywatch digest} against a broker holding a deployment's denial topic. */
@ExtendWith(StackExtension.class)
class DigestCommandIT {

    private final String id = UUID.randomUUID().toString().substring(0, 8);

    private static EnrichedDenial denial(String n, String role, String action, PolicyType type, Instant at) {
        return new EnrichedDenial(EnrichedDenial.SCHEMA_VERSION, "e-" + n, at.toString(), "s3.amazonaws.com",
                "GetObject", "us-east-1", "123456789012", "r-" + n, "10.0.0.1", "cli", "AccessDenied", "denied",
                Category.AUTHORIZATION, new Principal(role + "/s", role, "AssumedRole", "123456789012", "s", null,
                false), action, List.of(), null,
                new Diagnosis(type == PolicyType.IDENTITY_BASED ? DenyKind.IMPLICIT : DenyKind.UNKNOWN, type, null,
                        null, EncodedMessage.ABSENT, FixLocation.UNKNOWN, "advice", List.of()), null);
    }

    @Test
    void printsTheWeeksDigestFromTheTopicsAsTextAndJson(LocalStack stack) throws Exception {
        String topic = "denials-" + id;
        TopicInitializer.ensure(Config.of(Map.of("kafka.bootstrap.servers", stack.kafkaBootstrapServers())),
                List.of(topic, "spikes-" + id), Map.of());
        String reader = "arn:aws:iam::123456789012:role/reader";
        String deploy = "arn:aws:iam::123456789012:role/deploy";
        Instant lastWeek = Instant.parse("2026-11-20T10:00:00Z");
        Instant thisWeek = Instant.parse("2026-11-25T10:00:00Z");
        List<EnrichedDenial> denials = List.of(
                denial("1", reader, "s3:GetObject", PolicyType.IDENTITY_BASED, lastWeek),
                denial("2", reader, "s3:GetObject", PolicyType.IDENTITY_BASED, thisWeek),
                denial("3", reader, "kms:Decrypt", PolicyType.IDENTITY_BASED, thisWeek),
                denial("4", deploy, "s3:PutObject", PolicyType.SERVICE_CONTROL_POLICY, thisWeek));
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            for (EnrichedDenial d : denials) {
                producer.send(new ProducerRecord<>(topic, null, Instant.parse(d.eventTime()).toEpochMilli(),
                        d.principal().identityArn(), Json.bytes(d))).get();
            }
        }
        String[] settings = {"--set", "kafka.bootstrap.servers=" + stack.kafkaBootstrapServers(),
                "--set", "topics.denials=" + topic, "--set", "topics.spikes=spikes-" + id};

        CliRun json = CliRun.of(concat(new String[]{"digest", "--at", "2026-11-30T09:00:00Z", "--json"}, settings));
        CliRun text = CliRun.of(concat(new String[]{"digest", "--at", "2026-11-30T09:00:00Z"}, settings));

        assertEquals(0, json.code(), json.err());
        String[] lines = json.out().strip().split("\n");
        JsonNode digest = Json.mapper().readTree(lines[lines.length - 1]);
        assertEquals("digest-2026-11-23T09:00:00Z", digest.get("digestId").asText());
        assertEquals(3, digest.get("denials").asLong());
        assertEquals(1, digest.get("previousDenials").asLong());
        assertEquals(reader, digest.at("/topPrincipals/0/name").asText());
        assertEquals(1, digest.at("/topPrincipals/0/previous").asLong());
        assertEquals(reader, digest.at("/missingPermissions/0/principal").asText());
        assertEquals(deploy, digest.at("/stoppedByGuardrails/0/principal").asText());
        assertEquals(2, digest.get("newPairsTotal").asLong(), "reader → kms:Decrypt and deploy → s3:PutObject");
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("== Weekly denial digest · Mon 2026-11-23 09:00 \u2013 Mon 2026-11-30 09:00 UTC"),
                text.out());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
