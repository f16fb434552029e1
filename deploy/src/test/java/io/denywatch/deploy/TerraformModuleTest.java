package io.denywatch.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * deploy/terraform, checked as text: there is no Terraform binary where the build runs. The IAM policy templates are
 * rendered here the way templatefile() would for these simple templates, then checked as JSON against the calls the
 * ingest code makes, and the reader role's policy against the calls the resolve code makes.
 */
class TerraformModuleTest {

    private static final String DIR = "deploy/terraform";
    private static final String BUCKET = "arn:aws:s3:::example-trail";
    private static final String QUEUE = "arn:aws:sqs:us-east-1:123456789012:denywatch-cloudtrail";
    private static final String KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private static final String FAST_QUEUE = "arn:aws:sqs:us-east-1:123456789012:denywatch-cloudtrail-fast-path";
    /** EventBridge refuses longer patterns (PutRule: EventPattern, maximum length 4096). */
    private static final int MAX_PATTERN_CHARS = 4096;

    private static final Pattern IF_BLOCK = Pattern.compile("%\\{ if (\\w+) != \"\" }(.*?)%\\{ endif }", Pattern.DOTALL);
    private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{(\\w+)}");

    @Test
    void ingestPolicyAllowsExactlyTheCallsTheQueueConsumerMakes() {
        Set<String> expected = IngestCalls.ingestActions();
        assertTrue(expected.containsAll(Set.of("s3:GetObject", "sqs:ReceiveMessage", "sqs:DeleteMessage",
                "sqs:ChangeMessageVisibility")), "calls found in the ingest code: " + IngestCalls.actions());
        assertEquals(expected, actions(render("ingest-policy.json.tpl", "")), "actions of the ingest policy vs the calls "
                + "in " + IngestCalls.SOURCES + ": " + IngestCalls.actions());
    }

    @Test
    void replayPolicyAllowsExactlyTheS3CallsReplayMakes() {
        Set<String> expected = IngestCalls.replayActions();
        assertTrue(expected.contains("s3:ListBucket"), "replay lists the bucket: " + IngestCalls.actions());
        assertEquals(expected, actions(render("replay-policy.json.tpl", "")));
    }

    @Test
    void everyCallOfTheIngestCodeIsAllowedBySomePolicy() {
        Set<String> allowed = new TreeSet<>(actions(render("ingest-policy.json.tpl", "")));
        allowed.addAll(actions(render("replay-policy.json.tpl", "")));
        assertEquals(IngestCalls.actions().keySet(), allowed);
    }

    @Test
    void resolveReaderPolicyAllowsExactlyTheCallsTheResolveCodeMakes() {
        Set<String> expected = ResolveCalls.readerActions();
        assertTrue(expected.containsAll(Set.of("iam:GetPolicyVersion", "iam:GetRolePolicy", "iam:ListGroupsForUser",
                "iam:SimulatePrincipalPolicy", "organizations:ListPoliciesForTarget", "organizations:DescribePolicy",
                "sts:DecodeAuthorizationMessage")), "calls found in the resolve code: " + ResolveCalls.actions());
        assertEquals(expected, actions(render("resolve-reader-policy.json.tpl", "")), "actions of the reader policy vs "
                + "the calls in " + ResolveCalls.SOURCES + ": " + ResolveCalls.actions());
    }

    @Test
    void resolveReaderPolicyOnlyReads() {
        for (JsonNode statement : render("resolve-reader-policy.json.tpl", "").path("Statement")) {
            assertEquals("Allow", statement.path("Effect").asText());
            assertTrue(statement.path("NotAction").isMissingNode() && statement.path("NotResource").isMissingNode());
            for (JsonNode action : statement.path("Action")) {
                String name = action.asText().substring(action.asText().indexOf(':') + 1);
                assertFalse(name.contains("*"), "wildcard action " + action);
                assertTrue(name.matches("(Get|List|Describe|Decode|Simulate).*"), "not a read: " + action);
            }
        }
    }

    @Test
    void theReaderRoleIsOptInTrustsDenywatchsRoleAndItsSessionName() {
        String main = tf("main.tf");
        assertTrue(tf("variables.tf").matches(
                        "(?s).*variable \"resolve_reader_role_name\" \\{[^}]*default\\s+=\\s+\"\"\\s*}.*"),
                "resolve_reader_role_name defaults to empty");
        for (String resource : List.of("aws_iam_policy\" \"resolve_reader", "aws_iam_role\" \"resolve_reader",
                "aws_iam_role_policy_attachment\" \"resolve_reader", "aws_iam_policy\" \"resolve_assume")) {
            assertTrue(main.matches("(?s).*resource \"" + resource
                            + "\" \\{\\s*count\\s+= var\\.resolve_reader_role_name != \"\" \\? 1 : 0\n.*"),
                    resource + " exists only with resolve_reader_role_name");
        }
        assertTrue(main.contains("templatefile(\"${path.module}/resolve-reader-policy.json.tpl\", local.policy_values)"));
        assertTrue(main.contains("Principal = { AWS = local.resolve_trusted_role_arn }"));
        // The ingest role reads untrusted input and makes no lookups: it is never trusted by default.
        assertTrue(main.contains("resolve_trusted_role_arn = var.resolve_trusted_role_arn\n"),
                "the reader role trusts only the role named for it");
        assertTrue(main.contains("name  = var.resolve_reader_role_name"));
        // The code assumes the role through the SDK's provider, under the session name the trust policy requires.
        Matcher session = Pattern.compile("SESSION_NAME = \"([^\"]+)\"")
                .matcher(Repo.read(ResolveCalls.SOURCES + "/aws/CrossAccountClients.java"));
        assertTrue(session.find());
        assertTrue(main.contains("StringEquals = { \"sts:RoleSessionName\" = \"" + session.group(1) + "\" }"));
        assertTrue(Repo.read(ResolveCalls.SOURCES + "/aws/CrossAccountClients.java")
                .contains("StsAssumeRoleCredentialsProvider"));
        assertTrue(main.contains("Resource = \"arn:${data.aws_partition.current.partition}:iam::*:role/"
                + "${var.resolve_reader_role_name}\""), "denywatch's role may assume only the reader role");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingest-policy.json.tpl", "replay-policy.json.tpl"})
    void kmsDecryptOnlyWhenTheTrailIsEncrypted(String template) {
        JsonNode plain = render(template, "");
        JsonNode encrypted = render(template, KEY);
        assertFalse(actions(plain).contains("kms:Decrypt"));
        assertEquals(Set.of("kms:Decrypt"), difference(actions(encrypted), actions(plain)));
        for (JsonNode statement : encrypted.path("Statement")) {
            if (statement.path("Action").toString().contains("kms:Decrypt")) {
                assertEquals("[\"" + KEY + "\"]", statement.path("Resource").toString());
                assertEquals("s3.us-east-1.amazonaws.com",
                        statement.path("Condition").path("StringEquals").path("kms:ViaService").asText(),
                        "the key decrypts only for S3 reads");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingest-policy.json.tpl", "replay-policy.json.tpl"})
    void noWildcardActionsAndEveryResourceScoped(String template) {
        for (JsonNode statement : render(template, KEY, FAST_QUEUE).path("Statement")) {
            assertEquals("Allow", statement.path("Effect").asText());
            assertTrue(statement.path("NotAction").isMissingNode() && statement.path("NotResource").isMissingNode());
            for (JsonNode action : statement.path("Action")) {
                assertFalse(action.asText().contains("*"), template + ": wildcard action " + action);
            }
            for (JsonNode resource : statement.path("Resource")) {
                String r = resource.asText();
                assertTrue(r.equals(QUEUE) || r.equals(FAST_QUEUE) || r.equals(KEY) || r.equals(BUCKET)
                                || r.equals(BUCKET + "/logs/AWSLogs/*"),
                        template + ": resource " + r + " is not a queue, the key, the bucket or the trail's prefix");
            }
            if (statement.path("Action").toString().contains("s3:ListBucket")) {
                assertEquals("[\"logs/AWSLogs/*\"]",
                        statement.path("Condition").path("StringLike").path("s3:prefix").toString(),
                        "listing is limited to the trail's folders");
            }
        }
    }

    @Test
    void templatesGetEveryValueTheyUse() {
        Set<String> passed = new TreeSet<>();
        Matcher m = Pattern.compile("(?s)policy_values = \\{(.*?)}").matcher(tf("main.tf"));
        assertTrue(m.find(), "main.tf passes local.policy_values to templatefile()");
        Matcher key = Pattern.compile("(?m)^\\s*(\\w+)\\s*=").matcher(m.group(1));
        while (key.find()) {
            passed.add(key.group(1));
        }
        for (String template : List.of("ingest-policy.json.tpl", "replay-policy.json.tpl",
                "resolve-reader-policy.json.tpl")) {
            assertTrue(tf("main.tf").contains("templatefile(\"${path.module}/" + template + "\", local.policy_values)"));
            Set<String> used = new TreeSet<>();
            Matcher u = INTERPOLATION.matcher(tf(template));
            while (u.find()) {
                used.add(u.group(1));
            }
            Matcher c = IF_BLOCK.matcher(tf(template));
            while (c.find()) {
                used.add(c.group(1));
            }
            assertTrue(passed.containsAll(used), template + " uses " + used + ", templatefile() gets " + passed);
        }
    }

    @Test
    void everyVariableUsedIsDeclaredAndEveryDeclaredOneUsed() {
        Set<String> declared = matches(tf("variables.tf"), "(?m)^variable \"(\\w+)\"");
        Set<String> used = new TreeSet<>();
        for (Path file : tfFiles()) {
            used.addAll(matches(read(file), "\\bvar\\.(\\w+)"));
        }
        assertEquals(declared, used);
        for (String variable : declared) {
            assertTrue(tf("variables.tf").matches("(?s).*variable \"" + variable + "\" \\{\\s*description = .*"),
                    variable + " has a description");
        }
    }

    @Test
    void everyReferencedResourceAndLocalIsDefined() {
        String all = String.join("\n", tfFiles().stream().map(TerraformModuleTest::read).toList());
        Set<String> defined = matches(all, "(?m)^resource \"(\\w+\" \"\\w+)\"");
        Set<String> referenced = new TreeSet<>();
        Matcher m = Pattern.compile("(?<![\\w.\"])(aws_\\w+)\\.(\\w+)\\b").matcher(all);
        while (m.find()) {
            referenced.add(m.group(1) + "\" \"" + m.group(2));
        }
        referenced.removeAll(defined);
        assertEquals(Set.of(), referenced, "referenced resources that are not defined");
        Set<String> data = matches(all, "(?m)^data \"(\\w+\" \"\\w+)\"");
        Set<String> dataUsed = new TreeSet<>();
        Matcher d = Pattern.compile("\\bdata\\.(\\w+)\\.(\\w+)").matcher(all);
        while (d.find()) {
            dataUsed.add(d.group(1) + "\" \"" + d.group(2));
        }
        assertEquals(data, dataUsed);
        Set<String> locals = matches(tf("main.tf").substring(tf("main.tf").indexOf("locals {")), "(?m)^  (\\w+)\\s+=");
        assertTrue(locals.containsAll(matches(all, "\\blocal\\.(\\w+)")), "locals used but not defined");
    }

    @Test
    void queueAcceptsOnlyTheTrailBucketAndTheBucketNotifiesOnlyLogFiles() {
        String main = tf("main.tf");
        assertTrue(main.contains("Principal = { Service = \"s3.amazonaws.com\" }"));
        assertTrue(main.contains("\"aws:SourceArn\" = local.bucket_arn"));
        assertTrue(main.contains("\"aws:SourceAccount\" = local.bucket_account_id"));
        assertTrue(main.contains("events        = [\"s3:ObjectCreated:*\"]"));
        assertTrue(main.contains("filter_prefix = local.logs_prefix"));
        assertTrue(main.contains("filter_suffix = \".json.gz\""));
        assertTrue(main.contains("deadLetterTargetArn = aws_sqs_queue.dead_letters.arn"));
    }

    @Test
    void theIngestorConsumesTheFastPathQueueOnlyWhenThereIsOne() {
        assertEquals(List.of(QUEUE), queueResources(render("ingest-policy.json.tpl", "")));
        assertEquals(List.of(QUEUE, FAST_QUEUE), queueResources(render("ingest-policy.json.tpl", "", FAST_QUEUE)));
        assertEquals(actions(render("ingest-policy.json.tpl", "")),
                actions(render("ingest-policy.json.tpl", "", FAST_QUEUE)), "the same calls on both queues");
    }

    @Test
    void theFastPathIsOptInAndItsRuleSeesReadOnlyCallsAndSendsOnlyToItsOwnQueue() {
        String main = tf("main.tf");
        assertTrue(tf("variables.tf").matches("(?s).*variable \"fast_path\" \\{[^}]*default\\s+=\\s+false\\s*}.*"),
                "fast_path defaults to false");
        for (String resource : List.of("aws_sqs_queue\" \"fast_path", "aws_cloudwatch_event_rule\" \"fast_path",
                "aws_cloudwatch_event_target\" \"fast_path", "aws_sqs_queue_policy\" \"fast_path")) {
            assertTrue(main.matches("(?s).*resource \"" + resource + "\" \\{\\s*count\\s+= var\\.fast_path \\? 1 : 0\n.*"),
                    resource + " exists only with fast_path");
        }
        assertTrue(main.matches("(?s).*event_bus_name\\s+= \"default\".*"), "CloudTrail publishes on the default bus");
        assertTrue(main.matches("(?s).*state\\s+= \"ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS\".*"),
                "plain ENABLED would leave out read-only management events");
        assertTrue(main.matches("(?s).*event_pattern\\s+= file\\(\"\\$\\{path\\.module}/fast-path-pattern\\.json\"\\).*"),
                "the rule reads the pattern file the EventBridge test runs");
        assertTrue(main.matches("(?s).*arn\\s+= aws_sqs_queue\\.fast_path\\[0]\\.arn.*"), "the target is the fast-path queue");
        assertTrue(main.contains("Principal = { Service = \"events.amazonaws.com\" }"));
        assertTrue(main.contains("ArnEquals = { \"aws:SourceArn\" = aws_cloudwatch_event_rule.fast_path[0].arn }"),
                "only this rule may send to the queue");
        assertTrue(main.contains("sourceQueueArns   = concat([aws_sqs_queue.notifications.arn], aws_sqs_queue.fast_path[*].arn)"),
                "the fast-path queue may use the dead-letter queue");
    }

    @Test
    void theFastPathPatternForwardsFailedCallsAndFailedSignInsOnlyWithinEventBridgesLimits() throws IOException {
        JsonNode pattern = new ObjectMapper().readTree(tf("fast-path-pattern.json"));
        assertTrue(pattern.toString().length() <= MAX_PATTERN_CHARS, "pattern of " + pattern.toString().length());
        assertEquals("[{\"prefix\":\"aws.\"}]", pattern.path("source").toString(), "AWS services only");
        assertEquals(2, pattern.path("$or").size());
        JsonNode codes = pattern.path("$or").get(0).path("detail").path("errorCode");
        assertTrue(codes.isArray() && codes.size() > 10, codes.toString());
        for (JsonNode code : codes) {
            // EventBridge takes a plain string or one named filter per entry; anything else is refused by PutRule.
            assertTrue(code.isTextual() || code.isObject() && code.size() == 1
                    && (code.has("prefix") || code.has("suffix")), code.toString());
        }
        assertEquals("[\"Failure\"]",
                pattern.path("$or").get(1).path("detail").path("responseElements").path("ConsoleLogin").toString(),
                "failed console sign-ins carry no errorCode");
    }

    private static List<String> queueResources(JsonNode policy) {
        List<String> out = new ArrayList<>();
        for (JsonNode statement : policy.path("Statement")) {
            if (statement.path("Action").toString().contains("sqs:ReceiveMessage")) {
                statement.path("Resource").forEach(r -> out.add(r.asText()));
            }
        }
        return out;
    }

    @Test
    void bracesBalanceInEveryFile() {
        for (Path file : tfFiles()) {
            String text = read(file).replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"");
            long open = text.chars().filter(c -> c == '{').count();
            long close = text.chars().filter(c -> c == '}').count();
            assertEquals(open, close, file + " has unbalanced braces");
        }
    }

    private static JsonNode render(String template, String kmsKeyArn) {
        return render(template, kmsKeyArn, "");
    }

    private static JsonNode render(String template, String kmsKeyArn, String fastPathQueueArn) {
        Map<String, String> values = Map.of("bucket_arn", BUCKET, "logs_prefix", "logs/AWSLogs/", "queue_arn", QUEUE,
                "kms_key_arn", kmsKeyArn, "region", "us-east-1", "fast_path_queue_arn", fastPathQueueArn);
        Matcher conditional = IF_BLOCK.matcher(tf(template));
        StringBuilder text = new StringBuilder();
        while (conditional.find()) {
            boolean keep = !values.get(conditional.group(1)).isEmpty();
            conditional.appendReplacement(text, Matcher.quoteReplacement(keep ? conditional.group(2) : ""));
        }
        conditional.appendTail(text);
        Matcher value = INTERPOLATION.matcher(text.toString());
        StringBuilder rendered = new StringBuilder();
        while (value.find()) {
            value.appendReplacement(rendered, Matcher.quoteReplacement(values.get(value.group(1))));
        }
        value.appendTail(rendered);
        assertFalse(rendered.toString().contains("%{") || rendered.toString().contains("${"),
                template + " uses template syntax this test does not render");
        try {
            return new ObjectMapper().readTree(rendered.toString());
        } catch (IOException e) {
            throw new AssertionError(template + " does not render to JSON (kms_key_arn='" + kmsKeyArn + "'):\n"
                    + rendered, e);
        }
    }

    private static Set<String> actions(JsonNode policy) {
        Set<String> out = new TreeSet<>();
        policy.path("Statement").forEach(s -> s.path("Action").forEach(a -> out.add(a.asText())));
        return out;
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> out = new TreeSet<>(a);
        out.removeAll(b);
        return out;
    }

    private static Set<String> matches(String text, String regex) {
        Set<String> out = new TreeSet<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static String tf(String name) {
        return Repo.read(DIR + "/" + name);
    }

    private static List<Path> tfFiles() {
        try (Stream<Path> files = Files.list(Repo.path(DIR))) {
            return new ArrayList<>(files.filter(p -> p.toString().endsWith(".tf")).sorted().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
