package io.denywatch.cli.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.denywatch.cli.CliRun;
import io.denywatch.common.json.Json;
import io.denywatch.embedded.MotoAccounts;
import io.denywatch.embedded.MotoServer;

/**
 * {@code scan --resolve} over a burst of denials by a service control policy of an organization laid out in moto:
 * every incident of the burst that is about one call carries the statement that refused it, in the JSON, the text
 * and what the sinks are told; the one counted by account says there is no one call to look up. The AWS clients find moto through the SDK's standard {@code aws.endpointUrl} property only.
 */
class ScanResolveIT {

    private static final String SCP = """
            {"Version":"2012-10-17","Statement":[{"Sid":"DenyProdObjectWrites","Effect":"Deny",
              "Action":["s3:PutObject","s3:DeleteObject"],"Resource":"arn:aws:s3:::prod-*/*"}]}""";
    private static final List<String> PROPERTIES = List.of("aws.endpointUrl", "aws.accessKeyId",
            "aws.secretAccessKey", "aws.region");

    private static MotoServer moto;
    private static String scpArn;
    private static final Map<String, String> saved = new HashMap<>();

    @BeforeAll
    static void layOutTheOrganization() {
        moto = MotoServer.start();
        try (MotoAccounts account = MotoAccounts.on(moto.endpoint())) {
            scpArn = account.serviceControlPolicy("prod-guardrails", SCP);
            account.role("uploader", null, account.managedPolicy("uploader-s3", """
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"""));
        }
        PROPERTIES.forEach(p -> saved.put(p, System.getProperty(p)));
        System.setProperty("aws.endpointUrl", moto.endpoint().toString());
        // moto takes any key; these are not secrets.
        System.setProperty("aws.accessKeyId", "testing");
        System.setProperty("aws.secretAccessKey", "testing");
        System.setProperty("aws.region", MotoServer.REGION);
    }

    @AfterAll
    static void stop() {
        saved.forEach((property, value) -> {
            if (value == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, value);
            }
        });
        if (moto != null) {
            moto.close();
        }
    }

    @Test
    void everyIncidentOfTheBurstNamesTheStatementThatRefusedIt(@TempDir Path dir) throws Exception {
        writeBurst(dir);

        CliRun json = CliRun.of("scan", "--resolve", "--json", "--set", "alerts.console=true", dir.toString());

        assertEquals(0, json.code(), json.err());
        String[] lines = json.out().strip().split("\n");
        JsonNode report = Json.mapper().readTree(lines[lines.length - 1]);
        assertEquals(3, report.get("spikes").size(), "one incident per dimension: " + report.get("spikes"));
        for (JsonNode spike : report.get("spikes")) {
            JsonNode diagnosis = spike.get("diagnosis");
            if (spike.at("/key/principal").isNull()) {
                // Counted by account: a mix of principals and actions is no one call to look up.
                assertEquals("NOT_RESOLVABLE", diagnosis.at("/resolution/outcome").asText(), diagnosis::toString);
                continue;
            }
            assertEquals("RESOLVED", diagnosis.at("/resolution/outcome").asText(), diagnosis::toString);
            assertEquals("DenyProdObjectWrites", diagnosis.at("/statements/0/sid").asText(), diagnosis::toString);
            assertEquals(scpArn, diagnosis.at("/statements/0/policyArn").asText());
            assertEquals("DENIES", diagnosis.at("/statements/0/verdict").asText());
        }
        assertTrue(json.err().contains("looked up the statements behind 3 incidents"), json.err());
        String console = String.join("\n", Arrays.copyOf(lines, lines.length - 1));
        assertTrue(console.contains("DenyProdObjectWrites"),
                "the console sink, told after the lookup, shows the statement: " + console);

        Path html = dir.resolveSibling(dir.getFileName() + "-report.html");
        CliRun text = CliRun.of("scan", "--resolve", dir.toString(), "--html", html.toString());
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("looked up: Refused by Deny statement DenyProdObjectWrites of " + scpArn),
                text.out());
        String page = Files.readString(html);
        Files.delete(html);
        assertTrue(page.contains("<b>Looked up:</b> Refused by Deny statement DenyProdObjectWrites"), page);
        assertTrue(page.contains("denies: statement <code>DenyProdObjectWrites</code>"), page);
    }

    /** Sixty writes to a prod bucket in one minute, each refused by the SCP, as CloudTrail logs them. */
    private static void writeBurst(Path dir) throws Exception {
        List<String> events = new ArrayList<>();
        String message = "User: arn:aws:sts::" + MotoServer.ACCOUNT + ":assumed-role/uploader/nightly is not "
                + "authorized to perform: s3:PutObject on resource: \\\"arn:aws:s3:::prod-reports/q4.csv\\\" with an "
                + "explicit deny in a service control policy: " + scpArn;
        for (int i = 0; i < 60; i++) {
            events.add("""
                    {"eventVersion":"1.09","userIdentity":{"type":"AssumedRole",
                      "arn":"arn:aws:sts::%1$s:assumed-role/uploader/nightly","accountId":"%1$s",
                      "sessionContext":{"sessionIssuer":{"type":"Role","arn":"arn:aws:iam::%1$s:role/uploader"}}},
                     "eventTime":"2026-12-07T02:00:%2$02dZ","eventSource":"s3.amazonaws.com","eventName":"PutObject",
                     "awsRegion":"us-east-1","sourceIPAddress":"203.0.113.7","errorCode":"AccessDenied",
                     "errorMessage":"%3$s","eventID":"00000000-0000-0000-0000-%4$012d","recipientAccountId":"%1$s"}
                    """.formatted(MotoServer.ACCOUNT, i, message, i));
        }
        Files.writeString(dir.resolve(MotoServer.ACCOUNT + "_CloudTrail_us-east-1_20261207T0205Z_burst.json"),
                "{\"Records\":[" + String.join(",", events) + "]}");
    }
}
