package io.denywatch.common.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigTest {

    private static final Setting<Integer> WORKERS = Setting.integer("ingest.workers", 4, 1, 64, "workers");
    private static final Setting<Duration> WAIT = Setting.duration("ingest.wait-time", Duration.ofSeconds(20),
            Duration.ZERO, Duration.ofSeconds(20), "wait");
    private static final Setting<String> QUEUE = Setting.string("ingest.queue-url", null, "queue").required();
    private static final Setting<String> TOKEN = Setting.string("alerts.slack.token", null, "token").secret();
    private static final Setting<Long> SIZE = Setting.bytes("ingest.max-record-size", 256L << 10, 1024, 1L << 30,
            "size");

    @TempDir
    Path dir;

    @Test
    void environmentBeatsTheFileAndOptionsBeatTheEnvironment() throws Exception {
        Path file = write("ingest.workers=2\ningest.wait-time=5s\n");
        Config config = Config.load(file, Map.of("DENYWATCH_INGEST_WORKERS", "3"), Map.of());
        assertEquals(3, config.get(WORKERS));
        assertEquals(Duration.ofSeconds(5), config.get(WAIT));
        assertEquals(8, config.with(Map.of("ingest.workers", "8")).get(WORKERS));
        assertEquals(256L << 10, config.get(SIZE), "an unset setting takes its default");
    }

    @Test
    void aBadValueNamesTheSettingTheProblemAndWhereItCameFrom() throws Exception {
        Config config = Config.load(write("ingest.workers=0\n"), Map.of(), Map.of());
        ConfigException e = assertThrows(ConfigException.class, () -> config.get(WORKERS));
        assertTrue(e.getMessage().contains("ingest.workers: must be between 1 and 64, got '0'"), e.getMessage());
        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());

        Config fromEnv = Config.of(Map.of()).with(Map.of());
        Config env = Config.load(null, Map.of("DENYWATCH_INGEST_WAIT_TIME", "forever"), Map.of());
        ConfigException e2 = assertThrows(ConfigException.class, () -> env.get(WAIT));
        assertTrue(e2.getMessage().contains("environment variable DENYWATCH_INGEST_WAIT_TIME"), e2.getMessage());
        assertEquals(4, fromEnv.get(WORKERS));
    }

    @Test
    void validateReportsEveryProblemAtOnce() {
        Config config = Config.of(Map.of("ingest.workers", "x", "ingest.wait-time", "30s"));
        ConfigException e = assertThrows(ConfigException.class, () -> config.validate(List.of(WORKERS, WAIT, QUEUE)));
        assertEquals(3, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("ingest.queue-url: required"), e.getMessage());
        assertTrue(e.getMessage().contains("DENYWATCH_INGEST_QUEUE_URL"), e.getMessage());
    }

    @Test
    void unknownKeysAreRejectedWithASuggestion() throws Exception {
        Config config = Config.load(write("ingest.wokers=2\nkafka.acks=all\n"),
                Map.of("DENYWATCH_INGEST_QUEUE", "x", "DENYWATCH_INGEST_QUEUE_URL", "y"), Map.of());
        ConfigException e = assertThrows(ConfigException.class, () -> config.rejectUnknown(List.of(WORKERS, QUEUE)));
        assertTrue(e.getMessage().contains("unknown setting 'ingest.wokers'"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean 'ingest.workers'"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown environment variable DENYWATCH_INGEST_QUEUE"), e.getMessage());
        assertFalse(e.getMessage().contains("kafka.acks"), "kafka.* passes through: " + e.getMessage());
    }

    @Test
    void kafkaPropertiesPassThroughFromFileAndEnvironment() throws Exception {
        Config config = Config.load(write("kafka.bootstrap.servers=file:9092\nkafka.linger.ms=5\n"),
                Map.of("KAFKA_BOOTSTRAP_SERVERS", "env:9092", "KAFKA_SASL_MECHANISM", "AWS_MSK_IAM",
                        "KAFKA_HEAP_OPTS", "-Xmx1g"), Map.of("kafka.client.id", "x"));
        Map<String, Object> props = config.kafkaProperties();
        assertEquals("env:9092", props.get("bootstrap.servers"));
        assertEquals("5", props.get("linger.ms"));
        assertEquals("AWS_MSK_IAM", props.get("sasl.mechanism"));
        assertEquals("x", props.get("client.id"));
        assertFalse(props.containsKey("heap.opts"), "start-script variables are not client properties");
    }

    @Test
    void secretsAreMaskedInDescriptionsAndErrors() throws Exception {
        Setting<Integer> secretNumber = Setting.integer("alerts.pin", 1, 1, 9, "pin").secret();
        Config config = Config.load(null, Map.of("DENYWATCH_ALERTS_SLACK_TOKEN", "xoxb-very-secret",
                "DENYWATCH_ALERTS_PIN", "12345", "KAFKA_SASL_JAAS_CONFIG", "password=\"hunter2\""), Map.of());
        Map<String, String> shown = config.describe(List.of(TOKEN));
        assertEquals("****", shown.get("alerts.slack.token"));
        assertEquals("****", shown.get("kafka.sasl.jaas.config"));
        ConfigException e = assertThrows(ConfigException.class, () -> config.get(secretNumber));
        assertFalse(e.getMessage().contains("12345"), e.getMessage());
        assertEquals("xoxb-very-secret", config.get(TOKEN), "the value itself is intact for its user");
    }

    @Test
    void aSecretCanBeReadFromAFileNamedByTheEnvironment() throws Exception {
        Path secret = dir.resolve("token");
        Files.writeString(secret, "xoxb-from-file\n");
        Config config = Config.load(null, Map.of("DENYWATCH_ALERTS_SLACK_TOKEN_FILE", secret.toString()), Map.of());
        assertEquals("xoxb-from-file", config.get(TOKEN));
    }

    @Test
    void humanDurationsAndSizesParse() {
        assertEquals(Duration.ofMillis(500), Sizes.parseDuration("500ms"));
        assertEquals(Duration.ofMinutes(5), Sizes.parseDuration("5m"));
        assertEquals(Duration.ofHours(24), Sizes.parseDuration("24h"));
        assertEquals(Duration.ofSeconds(30), Sizes.parseDuration("PT30S"));
        assertEquals(256L << 10, Sizes.parseBytes("256KB"));
        assertEquals(50L << 20, Sizes.parseBytes("50MiB"));
        assertEquals(1024, Sizes.parseBytes("1024"));
        assertEquals("15m", Sizes.formatDuration(Duration.ofMinutes(15)));
        assertEquals("4GB", Sizes.formatBytes(4L << 30));
        assertThrows(IllegalArgumentException.class, () -> Sizes.parseBytes("lots"));
    }

    private Path write(String content) throws Exception {
        Path file = dir.resolve("denywatch.properties");
        Files.writeString(file, content);
        return file;
    }
}
