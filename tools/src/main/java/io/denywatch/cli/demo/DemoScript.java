package io.denywatch.cli.demo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.denywatch.common.json.Json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

/**
 * The scripted incident the demo plays after the real sample, written as CloudTrail would deliver it, with event times
 * around "now":
 * <ol>
 *   <li>a deploy role's CI session refused {@code s3:PutObject} by an organization SCP, again and again;</li>
 *   <li>a service role refused {@code kms:Decrypt} in a burst (no identity-based policy allows it);</li>
 *   <li>the first file delivered a second time under another name (CloudTrail can deliver an event twice);</li>
 *   <li>a late file whose events are 40 minutes old, beyond the windows' grace;</li>
 *   <li>a damaged file, neither gzip nor JSON, which is dead-lettered with its reason;</li>
 *   <li>a digest file, which CloudTrail writes beside the logs and the ingestor skips;</li>
 *   <li>three failed console sign-ins, authentication failures rather than authorization denials.</li>
 * </ol>
 * Each file also carries ordinary successful calls, as real files do.
 */
public final class DemoScript {

    public static final String ACCOUNT = "111122223333";
    static final String REGION = "us-east-1";
    static final String DEPLOY_ROLE = "arn:aws:iam::" + ACCOUNT + ":role/deploy";
    static final String DEPLOY_SESSION = "arn:aws:sts::" + ACCOUNT + ":assumed-role/deploy/github-actions-4711";
    static final String PAYMENTS_ROLE = "arn:aws:iam::" + ACCOUNT + ":role/payments-api";
    static final String PAYMENTS_SESSION = "arn:aws:sts::" + ACCOUNT + ":assumed-role/payments-api/i-0a1b2c3d4e5f60718";
    static final String SCP_ARN = "arn:aws:organizations::999988887777:policy/o-a1b2c3d4e5/service_control_policy/"
            + "p-denyprodw";
    static final String KMS_KEY = "arn:aws:kms:us-east-1:" + ACCOUNT + ":key/1234abcd-12ab-34cd-56ef-1234567890ab";

    /**
     * One object to deliver.
     *
     * @param key  its S3 key
     * @param what what it plays, as the demo says it
     * @param gzip its bytes
     */
    public record LogFile(String key, String what, byte[] gzip) {
    }

    public static final int DEPLOY_DENIALS = 30;
    public static final int KMS_DENIALS = 40;
    public static final int LATE_DENIALS = 5;
    public static final int SIGN_IN_FAILURES = 3;

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'")
            .withZone(ZoneOffset.UTC);

    private DemoScript() {
    }

    /**
     * The scripted incident's failed calls as an EventBridge rule of the fast path forwards them, seconds after each
     * call: the very records the log files bring later (same eventIDs), denials and failed sign-ins only, as the
     * rule's pattern forwards. The late file's denials are not among them: EventBridge forwarded those forty minutes
     * ago, before the demo started.
     */
    public static List<ObjectNode> forwardedByEventBridge(Instant now) {
        Instant start = start(now);
        List<ObjectNode> failures = new ArrayList<>();
        for (int i = 0; i < DEPLOY_DENIALS; i++) {
            failures.add(deployDenied(start.plusSeconds(i * 5L), i));
        }
        for (int i = 0; i < KMS_DENIALS; i++) {
            failures.add(kmsDenied(start.plusSeconds(30 + i * 3L), i));
        }
        for (int i = 0; i < SIGN_IN_FAILURES; i++) {
            failures.add(signInFailed(start.plusSeconds(60 + i * 20L), i));
        }
        failures.sort(java.util.Comparator.comparing(r -> r.path("eventTime").asText()));
        return failures;
    }

    private static Instant start(Instant now) {
        return now.minus(Duration.ofMinutes(3)).truncatedTo(ChronoUnit.SECONDS);
    }

    /** The files, in delivery order, with event times relative to {@code now}. */
    public static List<LogFile> files(Instant now) {
        Instant start = start(now);
        List<ObjectNode> deploy = new ArrayList<>();
        for (int i = 0; i < DEPLOY_DENIALS; i++) {
            deploy.add(deployDenied(start.plusSeconds(i * 5L), i));
            deploy.add(ordinary(start.plusSeconds(i * 5L + 2), "deploy-ok-" + i));
        }
        List<ObjectNode> kms = new ArrayList<>();
        for (int i = 0; i < KMS_DENIALS; i++) {
            kms.add(kmsDenied(start.plusSeconds(30 + i * 3L), i));
            kms.add(ordinary(start.plusSeconds(31 + i * 3L), "kms-ok-" + i));
        }
        for (int i = 0; i < SIGN_IN_FAILURES; i++) {
            kms.add(signInFailed(start.plusSeconds(60 + i * 20L), i));
        }
        List<ObjectNode> late = new ArrayList<>();
        Instant old = now.minus(Duration.ofMinutes(40)).truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < LATE_DENIALS; i++) {
            late.add(deployDenied(old.plusSeconds(i), 1000 + i));
        }
        byte[] deployFile = gzip(deploy);
        return List.of(
                new LogFile(key(start, "DeployDeniedSCP0"), "deploy role refused s3:PutObject by an SCP", deployFile),
                new LogFile(key(start, "KmsDecryptBurst0"),
                        "payments-api refused kms:Decrypt, and three failed console sign-ins", gzip(kms)),
                new LogFile(key(start, "DeployDeniedSCP1"), "the deploy file delivered a second time", deployFile),
                new LogFile(key(old, "LateDeliveryFile"), "a file 40 minutes late", gzip(late)),
                new LogFile(key(start, "DamagedInTransit"), "a damaged file (dead-lettered, not retried)",
                        "\u0000\u0001not a CloudTrail file".getBytes(StandardCharsets.UTF_8)),
                new LogFile(digestKey(start), "a digest file, which CloudTrail writes beside the logs (skipped)",
                        gzip(List.of())));
    }

    /** A log file's key, as CloudTrail names it: {@code AWSLogs/<account>/CloudTrail/<region>/y/m/d/<name>}. */
    private static String key(Instant at, String unique) {
        return "AWSLogs/" + ACCOUNT + "/CloudTrail/" + REGION + "/" + DAY.format(at) + "/" + ACCOUNT + "_CloudTrail_"
                + REGION + "_" + MINUTE.format(at) + "_" + unique + ".json.gz";
    }

    private static String digestKey(Instant at) {
        return "AWSLogs/" + ACCOUNT + "/CloudTrail-Digest/" + REGION + "/" + DAY.format(at) + "/" + ACCOUNT
                + "_CloudTrail-Digest_" + REGION + "_management-events_" + REGION + "_"
                + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(at) + ".json.gz";
    }

    private static ObjectNode deployDenied(Instant at, int i) {
        String key = "releases/app-" + (1000 + i % 3) + ".tar.gz";
        ObjectNode e = base(at, "s3.amazonaws.com", "PutObject", "deploy", DEPLOY_ROLE, DEPLOY_SESSION,
                "deploy-" + i, "AROADEPLOYEXAMPLE01");
        e.put("sourceIPAddress", "140.82.112.3");
        e.put("userAgent", "[aws-cli/2.17.0 md/command#s3.cp]");
        e.put("errorCode", "AccessDenied");
        e.put("errorMessage", "User: " + DEPLOY_SESSION + " is not authorized to perform: s3:PutObject on resource: \""
                + "arn:aws:s3:::acme-prod-releases/" + key + "\" with an explicit deny in a service control policy: "
                + SCP_ARN);
        ObjectNode params = e.putObject("requestParameters");
        params.put("bucketName", "acme-prod-releases");
        params.put("key", key);
        params.put("Host", "acme-prod-releases.s3.us-east-1.amazonaws.com");
        e.putNull("responseElements");
        ArrayNode resources = e.putArray("resources");
        resources.addObject().put("type", "AWS::S3::Object").put("ARN", "arn:aws:s3:::acme-prod-releases/" + key);
        resources.addObject().put("accountId", ACCOUNT).put("type", "AWS::S3::Bucket")
                .put("ARN", "arn:aws:s3:::acme-prod-releases");
        e.put("readOnly", false);
        e.put("eventCategory", "Data");
        e.put("managementEvent", false);
        return e;
    }

    private static ObjectNode kmsDenied(Instant at, int i) {
        ObjectNode e = base(at, "kms.amazonaws.com", "Decrypt", "payments-api", PAYMENTS_ROLE, PAYMENTS_SESSION,
                "kms-" + i, "AROAPAYMENTSEXAMPLE");
        e.put("sourceIPAddress", "10.0.12.34");
        e.put("userAgent", "aws-sdk-java/2.25.0 Linux/5.10 OpenJDK_64-Bit_Server_VM/17");
        e.put("errorCode", "AccessDeniedException");
        e.put("errorMessage", "User: " + PAYMENTS_SESSION + " is not authorized to perform: kms:Decrypt on resource: "
                + KMS_KEY + " because no identity-based policy allows the kms:Decrypt action");
        ObjectNode params = e.putObject("requestParameters");
        params.put("encryptionAlgorithm", "SYMMETRIC_DEFAULT");
        params.put("keyId", KMS_KEY);
        e.putNull("responseElements");
        e.putArray("resources").addObject().put("accountId", ACCOUNT).put("type", "AWS::KMS::Key")
                .put("ARN", KMS_KEY);
        e.put("readOnly", true);
        e.put("eventCategory", "Management");
        e.put("managementEvent", true);
        return e;
    }

    private static ObjectNode signInFailed(Instant at, int i) {
        ObjectNode e = Json.mapper().createObjectNode();
        e.put("eventVersion", "1.10");
        ObjectNode who = e.putObject("userIdentity");
        who.put("type", "IAMUser");
        who.put("principalId", "AIDAEXAMPLEMALLORY01");
        who.put("accountId", ACCOUNT);
        who.put("accessKeyId", "");
        who.put("userName", "mallory");
        e.put("eventTime", at.toString());
        e.put("eventSource", "signin.amazonaws.com");
        e.put("eventName", "ConsoleLogin");
        e.put("awsRegion", REGION);
        e.put("sourceIPAddress", "203.0.113.7");
        e.put("userAgent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0");
        e.put("errorMessage", "Failed authentication");
        e.putNull("requestParameters");
        e.putObject("responseElements").put("ConsoleLogin", "Failure");
        ObjectNode extra = e.putObject("additionalEventData");
        extra.put("LoginTo", "https://console.aws.amazon.com/console/home");
        extra.put("MobileVersion", "No");
        extra.put("MFAUsed", "No");
        e.put("eventID", UUID.nameUUIDFromBytes(("signin-" + i).getBytes(StandardCharsets.UTF_8)).toString());
        e.put("readOnly", false);
        e.put("eventType", "AwsConsoleSignIn");
        e.put("managementEvent", true);
        e.put("recipientAccountId", ACCOUNT);
        e.put("eventCategory", "Management");
        return e;
    }

    private static ObjectNode ordinary(Instant at, String seed) {
        ObjectNode e = base(at, "ec2.amazonaws.com", "DescribeInstances", "payments-api", PAYMENTS_ROLE,
                PAYMENTS_SESSION, seed, "AROAPAYMENTSEXAMPLE");
        e.put("sourceIPAddress", "10.0.12.34");
        e.put("userAgent", "aws-sdk-java/2.25.0");
        e.putObject("requestParameters").putObject("instancesSet");
        e.putNull("responseElements");
        e.put("readOnly", true);
        e.put("eventCategory", "Management");
        e.put("managementEvent", true);
        return e;
    }

    private static ObjectNode base(Instant at, String source, String name, String roleName, String roleArn,
                                   String sessionArn, String seed, String roleId) {
        ObjectNode e = Json.mapper().createObjectNode();
        e.put("eventVersion", "1.10");
        ObjectNode who = e.putObject("userIdentity");
        String session = sessionArn.substring(sessionArn.lastIndexOf('/') + 1);
        who.put("type", "AssumedRole");
        who.put("principalId", roleId + ":" + session);
        who.put("arn", sessionArn);
        who.put("accountId", ACCOUNT);
        who.put("accessKeyId", "ASIAEXAMPLEDEMO00001");
        ObjectNode context = who.putObject("sessionContext");
        ObjectNode issuer = context.putObject("sessionIssuer");
        issuer.put("type", "Role");
        issuer.put("principalId", roleId);
        issuer.put("arn", roleArn);
        issuer.put("accountId", ACCOUNT);
        issuer.put("userName", roleName);
        ObjectNode attributes = context.putObject("attributes");
        attributes.put("creationDate", at.minus(Duration.ofMinutes(10)).toString());
        attributes.put("mfaAuthenticated", "false");
        e.put("eventTime", at.toString());
        e.put("eventSource", source);
        e.put("eventName", name);
        e.put("awsRegion", REGION);
        e.put("requestID", UUID.nameUUIDFromBytes(("request-" + seed).getBytes(StandardCharsets.UTF_8))
                .toString().replace("-", "").substring(0, 16).toUpperCase(java.util.Locale.ROOT));
        e.put("eventID", UUID.nameUUIDFromBytes(("event-" + seed).getBytes(StandardCharsets.UTF_8)).toString());
        e.put("eventType", "AwsApiCall");
        e.put("recipientAccountId", ACCOUNT);
        return e;
    }

    private static byte[] gzip(List<ObjectNode> records) {
        ObjectNode file = Json.mapper().createObjectNode();
        ArrayNode array = file.putArray("Records");
        records.forEach(array::add);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(Json.bytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
