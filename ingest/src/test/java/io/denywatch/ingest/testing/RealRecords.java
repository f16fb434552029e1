package io.denywatch.ingest.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.denywatch.common.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Single real CloudTrail records: every record of the bundled invictus-ir delivery files ({@link RealLogFiles}), and
 * the panther-analysis test events in {@code src/test/resources/cloudtrail/panther-analysis-tests} (see SOURCE.md
 * there), which add console sign-ins, VPC endpoint denials and authentication failures the delivery files lack.
 */
public final class RealRecords {

    private static final String PANTHER = "/cloudtrail/panther-analysis-tests/";

    private RealRecords() {
    }

    /** Every record of every bundled delivery file, in file order. */
    public static List<JsonNode> fromDeliveryFiles() {
        List<JsonNode> out = new ArrayList<>();
        for (String name : RealLogFiles.all()) {
            parse(RealLogFiles.bytes(name)).get("Records").forEach(out::add);
        }
        return out;
    }

    /** Every test event of the copied panther-analysis files whose {@code record} is an object, in file order. */
    public static List<JsonNode> fromPantherTests() {
        List<JsonNode> out = new ArrayList<>();
        for (String file : resource(PANTHER + "index.txt").split("\n")) {
            if (file.isBlank()) {
                continue;
            }
            for (String line : resource(PANTHER + file.strip()).split("\n")) {
                if (!line.isBlank()) {
                    JsonNode record = parse(line.getBytes(StandardCharsets.UTF_8)).get("record");
                    if (record != null && record.isObject()) {
                        out.add(record);
                    }
                }
            }
        }
        return out;
    }

    /** The EventBridge {@code source} CloudTrail gives a record: {@code aws.} and the service of its eventSource. */
    public static String eventBridgeSource(JsonNode record) {
        String eventSource = record.path("eventSource").asText("unknown.amazonaws.com");
        int dot = eventSource.indexOf('.');
        return "aws." + (dot < 0 ? eventSource : eventSource.substring(0, dot));
    }

    /** The EventBridge {@code detail-type} CloudTrail gives a record, by its eventType. */
    public static String eventBridgeDetailType(JsonNode record) {
        return switch (record.path("eventType").asText("")) {
            case "AwsConsoleSignIn" -> "AWS Console Sign In via CloudTrail";
            case "AwsServiceEvent" -> "AWS Service Event via CloudTrail";
            default -> "AWS API Call via CloudTrail";
        };
    }

    private static JsonNode parse(byte[] json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String path) {
        try (InputStream in = RealRecords.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("test resource missing: " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
