package io.denywatch.cli.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.denywatch.common.json.Json;
import io.denywatch.embedded.SampleLogFiles;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;

/**
 * Builds a realistic CloudTrail corpus for benchmarks from the bundled real records: delivery files in the
 * {@code AWSLogs/} layout, gzip-compressed, each event a real record with a fresh {@code eventID}, a time inside its
 * file's delivery window, one of many principals across several accounts, and — at the configured rate — turned
 * into an authorization denial with a message of the documented shape.
 */
public final class CorpusGenerator {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);
    private static final String REGION = "us-east-1";
    private static final String[] DENIED_ACTIONS = {"s3:PutObject", "s3:GetObject", "kms:Decrypt",
        "dynamodb:PutItem", "sqs:SendMessage", "ec2:RunInstances", "iam:PassRole", "secretsmanager:GetSecretValue"};
    private static final String[] REASONS = {"because no identity-based policy allows the %s action",
        "with an explicit deny in a service control policy", "because no resource-based policy allows the %s action",
        "with an explicit deny in a permissions boundary"};

    /** What to generate. */
    public record Spec(int files, int eventsPerFile, double denialRate, int principals, int accounts, long seed) {
    }

    /** What was generated; {@code files} in delivery order, the accounts' files of one delivery slot together. */
    public record Corpus(Path root, List<Path> files, long events, long denials, long bytes) {
    }

    private final List<ObjectNode> seeds;

    public CorpusGenerator() {
        this.seeds = new ArrayList<>();
        for (String name : SampleLogFiles.names()) {
            try {
                JsonNode file = Json.mapper().readTree(SampleLogFiles.bytes(name));
                file.get("Records").forEach(r -> seeds.add((ObjectNode) r));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Writes the corpus under {@code root}, using every core. */
    public Corpus generate(Spec spec, Path root) throws Exception {
        Instant start = Instant.parse("2026-01-15T08:00:00Z");
        AtomicLong denials = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Path>> futures = new ArrayList<>();
            for (int f = 0; f < spec.files(); f++) {
                final int fileIndex = f;
                futures.add(pool.submit(() -> writeFile(spec, root, start, fileIndex, denials, bytes)));
            }
            List<Path> files = new ArrayList<>();
            for (Future<Path> future : futures) {
                files.add(future.get());
            }
            return new Corpus(root, files, (long) spec.files() * spec.eventsPerFile(), denials.get(), bytes.get());
        } finally {
            pool.shutdownNow();
        }
    }

    private Path writeFile(Spec spec, Path root, Instant start, int fileIndex, AtomicLong denials, AtomicLong bytes)
            throws IOException {
        SplittableRandom random = new SplittableRandom(spec.seed() * 1_000_003L + fileIndex);
        String account = account(fileIndex % spec.accounts());
        Instant delivery = start.plusSeconds(300L * (fileIndex / spec.accounts()));
        String name = account + "_CloudTrail_" + REGION + "_" + STAMP.format(delivery) + "_"
                + randomId(random) + ".json.gz";
        Path file = root.resolve("AWSLogs/" + account + "/CloudTrail/" + REGION + "/" + DAY.format(delivery) + "/"
                + name);
        Files.createDirectories(file.getParent());
        try (OutputStream out = new BufferedOutputStream(new GZIPOutputStream(Files.newOutputStream(file), 64 * 1024));
             JsonGenerator json = Json.factory().createGenerator(out)) {
            json.writeStartObject();
            json.writeArrayFieldStart("Records");
            for (int i = 0; i < spec.eventsPerFile(); i++) {
                ObjectNode event = event(spec, random, account, delivery);
                if (event.has("errorCode") && "AccessDenied".equals(event.get("errorCode").asText())) {
                    denials.incrementAndGet();
                }
                json.writeTree(event);
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        bytes.addAndGet(Files.size(file));
        return file;
    }

    private ObjectNode event(Spec spec, SplittableRandom random, String account, Instant delivery) {
        ObjectNode event = seeds.get(random.nextInt(seeds.size())).deepCopy();
        event.put("eventID", new UUID(random.nextLong(), random.nextLong()).toString());
        event.put("eventTime", delivery.minusSeconds(random.nextInt(300)).toString());
        event.put("recipientAccountId", account);
        int p = random.nextInt(spec.principals());
        String role = "app-role-" + p;
        String session = "session-" + random.nextInt(1000);
        ObjectNode identity = event.putObject("userIdentity");
        identity.put("type", "AssumedRole");
        identity.put("principalId", "AROA" + Integer.toString(p, 36).toUpperCase() + ":" + session);
        identity.put("arn", "arn:aws:sts::" + account + ":assumed-role/" + role + "/" + session);
        identity.put("accountId", account);
        identity.put("accessKeyId", "ASIA" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36).toUpperCase());
        ObjectNode issuer = identity.putObject("sessionContext").putObject("sessionIssuer");
        issuer.put("type", "Role");
        issuer.put("principalId", "AROA" + Integer.toString(p, 36).toUpperCase());
        issuer.put("arn", "arn:aws:iam::" + account + ":role/" + role);
        issuer.put("accountId", account);
        issuer.put("userName", role);
        if (random.nextDouble() < spec.denialRate()) {
            String action = DENIED_ACTIONS[random.nextInt(DENIED_ACTIONS.length)];
            String reason = String.format(REASONS[random.nextInt(REASONS.length)], action);
            event.put("errorCode", "AccessDenied");
            event.put("errorMessage", "User: " + identity.get("arn").asText() + " is not authorized to perform: "
                    + action + " on resource: arn:aws:s3:::bucket-" + random.nextInt(50) + "/data " + reason);
        } else if (event.has("errorCode") && isDenial(event.get("errorCode").asText())) {
            // Keep the configured rate exact: the seed's own denials become successes.
            event.remove("errorCode");
            event.remove("errorMessage");
        }
        return event;
    }

    private static boolean isDenial(String code) {
        return code.startsWith("AccessDenied") || code.endsWith("UnauthorizedOperation");
    }

    private static String account(int i) {
        return String.format("%012d", 100_000_000_000L + i * 7_919L);
    }

    private static String randomId(SplittableRandom random) {
        String chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder sb = new StringBuilder(16);
        for (int i = 0; i < 16; i++) {
            sb.append(chars.charAt(random.nextInt(chars.length())));
        }
        return sb.toString();
    }
}
