package io.denywatch.reliability;

import com.fasterxml.jackson.core.JsonGenerator;
import io.denywatch.common.json.Json;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

/**
 * CloudTrail log files made for a fault test, with their ground truth: which events are authorization denials, and
 * how many each principal has. Event times fall within ten minutes, well inside the windows' grace, so every denial
 * is counted whatever order the files are read in.
 */
final class Corpus {

    static final String ACCOUNT = "210987654321";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'")
            .withZone(ZoneOffset.UTC);

    /** One file: its CloudTrail key and where it is on disk. */
    record File(String key, Path path, int events) {
    }

    final List<File> files = new ArrayList<>();
    /** The eventIDs of the authorization denials: each must come out once. */
    final Set<String> denials = new HashSet<>();
    /** Denials per principal (role ARN). */
    final Map<String, Long> perPrincipal = new HashMap<>();
    final Instant start;
    long events;

    private Corpus(Instant start) {
        this.start = start;
    }

    /**
     * @param eventsPerFile how many events each file holds (one number per file)
     * @param denialRate    share of events that are denials
     * @param principals    how many roles make the calls
     */
    static Corpus generate(Path dir, Instant start, int[] eventsPerFile, double denialRate, int principals, long seed)
            throws IOException {
        Corpus corpus = new Corpus(start);
        SplittableRandom random = new SplittableRandom(seed);
        Files.createDirectories(dir);
        for (int f = 0; f < eventsPerFile.length; f++) {
            String unique = String.format("Fault%011d", f);
            String key = "AWSLogs/" + ACCOUNT + "/CloudTrail/us-east-1/" + DAY.format(start) + "/" + ACCOUNT
                    + "_CloudTrail_us-east-1_" + MINUTE.format(start) + "_" + unique + ".json.gz";
            Path path = dir.resolve(unique + ".json.gz");
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(path), 64 * 1024);
                 JsonGenerator json = Json.factory().createGenerator(out)) {
                json.writeStartObject();
                json.writeArrayFieldStart("Records");
                for (int i = 0; i < eventsPerFile[f]; i++) {
                    corpus.writeEvent(json, random, denialRate, principals);
                }
                json.writeEndArray();
                json.writeEndObject();
            }
            corpus.files.add(new File(key, path, eventsPerFile[f]));
        }
        return corpus;
    }

    private void writeEvent(JsonGenerator json, SplittableRandom random, double denialRate, int principals)
            throws IOException {
        events++;
        String role = "arn:aws:iam::" + ACCOUNT + ":role/worker-" + random.nextInt(principals);
        String session = role.replace(":iam::", ":sts::").replace(":role/", ":assumed-role/") + "/s"
                + random.nextInt(5);
        boolean denied = random.nextDouble() < denialRate;
        String eventId = new UUID(random.nextLong(), random.nextLong()).toString();
        Instant time = start.plusMillis(random.nextLong(Duration.ofMinutes(10).toMillis()));
        json.writeStartObject();
        json.writeStringField("eventVersion", "1.09");
        json.writeObjectFieldStart("userIdentity");
        json.writeStringField("type", "AssumedRole");
        json.writeStringField("arn", session);
        json.writeStringField("accountId", ACCOUNT);
        json.writeObjectFieldStart("sessionContext");
        json.writeObjectFieldStart("sessionIssuer");
        json.writeStringField("type", "Role");
        json.writeStringField("arn", role);
        json.writeStringField("accountId", ACCOUNT);
        json.writeEndObject();
        json.writeEndObject();
        json.writeEndObject();
        json.writeStringField("eventTime", time.toString());
        json.writeStringField("eventSource", "s3.amazonaws.com");
        json.writeStringField("eventName", denied ? "PutObject" : "GetObject");
        json.writeStringField("awsRegion", "us-east-1");
        json.writeStringField("sourceIPAddress", "10.1.2." + random.nextInt(250));
        json.writeStringField("userAgent", "aws-sdk-java/2.25");
        if (denied) {
            json.writeStringField("errorCode", "AccessDenied");
            json.writeStringField("errorMessage", "User: " + session + " is not authorized to perform: s3:PutObject"
                    + " on resource: \"arn:aws:s3:::data-bucket/k" + random.nextInt(1000)
                    + "\" because no identity-based policy allows the s3:PutObject action");
            denials.add(eventId);
            perPrincipal.merge(role, 1L, Long::sum);
        }
        json.writeObjectFieldStart("requestParameters");
        json.writeStringField("bucketName", "data-bucket");
        json.writeStringField("key", "k" + random.nextInt(1000));
        json.writeEndObject();
        json.writeStringField("requestID", Long.toHexString(random.nextLong()));
        json.writeStringField("eventID", eventId);
        json.writeStringField("eventType", "AwsApiCall");
        json.writeStringField("recipientAccountId", ACCOUNT);
        json.writeEndObject();
    }
}
