package io.denywatch.cli.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;

import io.denywatch.cli.Denywatch;
import io.denywatch.embedded.AwsQueryEndpoint;
import io.denywatch.embedded.MotoAccounts;
import io.denywatch.embedded.MotoServer;

/**
 * {@code denywatch explain --resolve --json} as a user runs it: a separate process whose AWS clients find their
 * endpoint in the SDK's standard {@code AWS_ENDPOINT_URL} variable, against an organization and IAM laid out in moto
 * (with the two actions moto lacks answered by the local query endpoint in front of it). Every denial in the input
 * names its statement, and each line is a resolved denial as its schema says.
 */
class ExplainResolveIT {

    private static final String ACCOUNT = MotoServer.ACCOUNT;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String SCP = """
            {"Version":"2012-10-17","Statement":[{"Sid":"DenyProdObjectWrites","Effect":"Deny",
              "Action":["s3:PutObject","s3:DeleteObject"],"Resource":"arn:aws:s3:::prod-*/*"}]}""";
    private static final String BUCKET_NOT_OBJECTS = """
            {"Version":"2012-10-17","Statement":[{"Sid":"WriteUploads","Effect":"Allow","Action":"s3:PutObject",
              "Resource":"arn:aws:s3:::uploads"}]}""";
    private static final String ALL_S3 = """
            {"Version":"2012-10-17","Statement":[{"Sid":"AllS3","Effect":"Allow","Action":"s3:*","Resource":"*"}]}""";
    private static final String READS_ONLY = """
            {"Version":"2012-10-17","Statement":[{"Sid":"OnlyReads","Effect":"Allow",
              "Action":["s3:GetObject","s3:ListBucket"],"Resource":"*"}]}""";
    private static final String READS_REPORTS = """
            {"Version":"2012-10-17","Statement":[{"Sid":"ReadReports","Effect":"Allow","Action":"s3:GetObject",
              "Resource":"arn:aws:s3:::reports/*"}]}""";
    private static final String DECODED = """
            {"allowed":false,"explicitDeny":true,"matchedStatements":{"items":[{"statementId":"NoLargeInstances",
              "effect":"DENY","actions":{"items":[{"value":"ec2:RunInstances"}]},"resources":{"items":[{"value":"*"}]},
              "conditions":{"items":[]}}]},"failures":{"items":[]},
             "context":{"action":"ec2:RunInstances","resource":"arn:aws:ec2:us-east-1:123456789012:instance/*",
              "conditions":{"items":[]}}}""";

    private static MotoServer moto;
    private static AwsQueryEndpoint aws;
    private static String scpArn;
    private static String readerArn;

    @BeforeAll
    static void layOutTheAccount() {
        moto = MotoServer.start();
        aws = AwsQueryEndpoint.start(moto.endpoint());
        try (MotoAccounts account = MotoAccounts.on(moto.endpoint())) {
            scpArn = account.serviceControlPolicy("prod-guardrails", SCP);
            account.role("uploader", null, account.managedPolicy("uploader-writes", BUCKET_NOT_OBJECTS));
            account.role("bounded", account.managedPolicy("reads-only", READS_ONLY),
                    account.managedPolicy("bounded-s3", ALL_S3));
            readerArn = account.role("reader", null, account.managedPolicy("reader-reports", READS_REPORTS));
        }
        aws.decodes("AQoDYXdzEXAMPLEblob", DECODED);
        aws.simulates(readerArn, "s3:GetObject", List.of(new AwsQueryEndpoint.Evaluation("s3:GetObject",
                "arn:aws:s3:::partner-share/data.csv", "implicitDeny", List.of(), List.of("aws:SourceVpce"))));
    }

    @AfterAll
    static void stop() {
        if (aws != null) {
            aws.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    @Test
    void everyDenialNamesItsStatement(@TempDir Path home) throws Exception {
        ArrayNode events = JSON.createArrayNode();
        events.add(event("uploader", "s3.amazonaws.com", "PutObject", "AccessDenied",
                "User: arn:aws:sts::" + ACCOUNT + ":assumed-role/uploader/build-17 is not authorized to perform: "
                        + "s3:PutObject on resource: \"arn:aws:s3:::prod-reports/q4.csv\" with an explicit deny in a "
                        + "service control policy: " + scpArn));
        events.add(event("uploader", "s3.amazonaws.com", "PutObject", "AccessDenied",
                "User: arn:aws:sts::" + ACCOUNT + ":assumed-role/uploader/build-17 is not authorized to perform: "
                        + "s3:PutObject on resource: \"arn:aws:s3:::uploads/2026/report.csv\" because no "
                        + "identity-based policy allows the s3:PutObject action"));
        events.add(event("bounded", "s3.amazonaws.com", "PutObject", "AccessDenied",
                "User: arn:aws:sts::" + ACCOUNT + ":assumed-role/bounded/ops is not authorized to perform: "
                        + "s3:PutObject on resource: \"arn:aws:s3:::uploads/x.csv\" because no permissions boundary "
                        + "allows the s3:PutObject action"));
        events.add(event("uploader", "ec2.amazonaws.com", "RunInstances", "Client.UnauthorizedOperation",
                "You are not authorized to perform this operation. Encoded authorization failure message: "
                        + "AQoDYXdzEXAMPLEblob"));
        ObjectNode bare = event("reader", "s3.amazonaws.com", "GetObject", "AccessDenied", "Access Denied");
        ((ObjectNode) bare.get("requestParameters")).put("bucketName", "partner-share").put("key", "data.csv");
        bare.set("resources", JSON.readTree("[{\"type\":\"AWS::S3::Object\","
                + "\"ARN\":\"arn:aws:s3:::partner-share/data.csv\"}]"));
        events.add(bare);
        Path input = home.resolve("denials.json");
        Files.writeString(input, JSON.writeValueAsString(events));

        List<JsonNode> lines = explainResolve(home, input);

        assertEquals(5, lines.size(), lines::toString);
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(getClass().getResourceAsStream("/schemas/resolved-denial.v1.schema.json"));
        for (JsonNode line : lines) {
            assertTrue(schema.validate(line).isEmpty(), () -> schema.validate(line) + " in " + line);
        }
        assertNamed(lines.get(0), "POLICY_DOCUMENTS", "DENIES", "DenyProdObjectWrites", scpArn);
        JsonNode nearest = assertNamed(lines.get(1), "POLICY_DOCUMENTS", "NEAREST_ALLOW", "WriteUploads", null);
        assertTrue(nearest.path("explanation").asText().contains("arn:aws:s3:::uploads/*"),
                () -> "says the Allow names the bucket, not its objects: " + nearest);
        assertNamed(lines.get(2), "POLICY_DOCUMENTS", "NEAREST_ALLOW", "OnlyReads", null);
        assertEquals("ALLOWS", lines.get(2).at("/diagnosis/statements/1/verdict").asText(),
                "the identity policy's Allow the boundary cuts");
        assertNamed(lines.get(3), "DECODED_MESSAGE", "REPORTED_BY_AWS", "NoLargeInstances", null);
        JsonNode simulated = assertNamed(lines.get(4), "SIMULATED", "NEAREST_ALLOW", "ReadReports", null);
        assertTrue(lines.get(4).at("/diagnosis/resolution/summary").asText().startsWith("Simulated s3:GetObject"),
                lines.get(4)::toString);
        assertTrue(lines.get(4).at("/diagnosis/resolution/notes/0").asText().contains("aws:SourceVpce"),
                lines.get(4)::toString);
        assertTrue(simulated.path("explanation").asText().contains("arn:aws:s3:::reports/*"), simulated::toString);
        assertEquals(1, aws.served("SimulatePrincipalPolicy").size(), "one simulation: the bare Access Denied");
    }

    private static JsonNode assertNamed(JsonNode line, String method, String verdict, String sid, String policyArn) {
        JsonNode diagnosis = line.path("diagnosis");
        assertEquals("RESOLVED", diagnosis.at("/resolution/outcome").asText(), diagnosis::toString);
        assertEquals(method, diagnosis.at("/resolution/method").asText(), diagnosis::toString);
        JsonNode first = diagnosis.at("/statements/0");
        assertEquals(verdict, first.path("verdict").asText(), diagnosis::toString);
        assertEquals(sid, first.path("sid").asText(), diagnosis::toString);
        if (policyArn != null) {
            assertEquals(policyArn, first.path("policyArn").asText(), diagnosis::toString);
        }
        return first;
    }

    /** Runs the command line in its own JVM, as a user would, with only the SDK's standard variables set. */
    private static List<JsonNode> explainResolve(Path home, Path input) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", classpath, Denywatch.class.getName(), "explain",
                "--resolve", "--json", input.toString());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("DENYWATCH_"));
        env.put("AWS_ENDPOINT_URL", aws.endpoint().toString());
        // moto takes any key; these are not secrets.
        env.put("AWS_ACCESS_KEY_ID", "testing");
        env.put("AWS_SECRET_ACCESS_KEY", "testing");
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_CONFIG_FILE", home.resolve("config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        Path out = home.resolve("out.jsonl");
        Path err = home.resolve("err.txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("explain --resolve did not finish: " + Files.readString(err));
        }
        assertEquals(0, process.exitValue(), () -> read(err));
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }

    private static ObjectNode event(String role, String source, String name, String code, String message) {
        ObjectNode e = JSON.createObjectNode();
        e.put("eventVersion", "1.09");
        ObjectNode identity = e.putObject("userIdentity");
        identity.put("type", "AssumedRole").put("principalId", "AROAEXAMPLE" + role.toUpperCase() + ":s")
                .put("arn", "arn:aws:sts::" + ACCOUNT + ":assumed-role/" + role + "/s")
                .put("accountId", ACCOUNT).put("accessKeyId", "ASIAEXAMPLE");
        identity.putObject("sessionContext").putObject("sessionIssuer").put("type", "Role")
                .put("principalId", "AROAEXAMPLE" + role.toUpperCase())
                .put("arn", "arn:aws:iam::" + ACCOUNT + ":role/" + role).put("accountId", ACCOUNT)
                .put("userName", role);
        e.put("eventTime", "2026-12-07T09:30:00Z").put("eventSource", source).put("eventName", name)
                .put("awsRegion", "us-east-1").put("sourceIPAddress", "203.0.113.7").put("userAgent", "aws-cli/2")
                .put("errorCode", code).put("errorMessage", message);
        e.putObject("requestParameters");
        e.putNull("responseElements");
        e.put("requestID", "REQ" + Integer.toHexString(message.hashCode()));
        e.put("eventID", java.util.UUID.nameUUIDFromBytes((role + name + message).getBytes(StandardCharsets.UTF_8))
                .toString());
        e.put("readOnly", false).put("eventType", "AwsApiCall").put("managementEvent", !"s3.amazonaws.com".equals(source))
                .put("recipientAccountId", ACCOUNT);
        return e;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }
}
