package io.denywatch.analyzer.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.denywatch.contract.denial.EnrichedDenial;

/** The commands a denial suggests: real ARNs filled in, and no way for event text to escape its argument. */
class NextStepsTest {

    private static final Path SH = Path.of("/bin/sh");
    /** The file hostile event text tries to create in the shell's working directory. */
    private static final String MARKER = "pwned";

    private final DenialClassifier classifier = new DenialClassifier();

    @TempDir
    Path dir;

    @Test
    void simulationNamesTheRealIdentityActionAndResource() {
        String role = "arn:aws:iam::123837392027:role/stratus-red-team-leave-org-role";
        List<String> steps = stepsOf(Events.denied("AccessDenied", "User: arn:aws:iam::123837392027:user/bert-jan is"
                + " not authorized to perform: sts:AssumeRole on resource: " + role).call("sts.amazonaws.com",
                "AssumeRole").identity("{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::123837392027:user/bert-jan\","
                + "\"accountId\":\"123837392027\"}"));
        assertTrue(steps.contains("aws iam simulate-principal-policy --policy-source-arn"
                + " arn:aws:iam::123837392027:user/bert-jan --action-names sts:AssumeRole --resource-arns " + role),
                steps.toString());
        assertTrue(steps.contains("aws iam get-role --role-name stratus-red-team-leave-org-role --query"
                + " Role.AssumeRolePolicyDocument"), steps.toString());
    }

    @Test
    void anUnknownReasonStartsFromTheCallersIdentity() {
        List<String> steps = stepsOf(Events.denied("AccessDenied", null).call("ec2.amazonaws.com", "RunInstances"));
        assertEquals("aws sts get-caller-identity", steps.get(0));
    }

    @Test
    void noSimulationWithoutAnIamUserOrRole() {
        List<String> steps = stepsOf(Events.denied("AccessDenied", "Access Denied").identity(
                "{\"type\":\"AWSService\",\"invokedBy\":\"cloudtrail.amazonaws.com\"}"));
        assertTrue(steps.stream().noneMatch(s -> s.contains("simulate-principal-policy")), steps.toString());
    }

    @Test
    void aHostilePrincipalArnStaysOneArgumentInARealShell() throws Exception {
        String hostile = "arn:aws:iam::123456789012:user/x';touch pwned;'$(touch pwned)`touch pwned`;touch pwned"
                + " \"quoted\" \\ $HOME\nnext";
        List<String> steps = stepsOf(Events.denied("AccessDenied", "Access Denied").identity(
                "{\"type\":\"IAMUser\",\"arn\":" + jsonString(hostile) + ",\"accountId\":\"123456789012\"}"));
        String simulate = steps.stream().filter(s -> s.contains("simulate-principal-policy")).findFirst()
                .orElseThrow();
        assertEquals(List.of("iam", "simulate-principal-policy", "--policy-source-arn", hostile, "--action-names",
                "s3:PutObject"), argumentsInShell(simulate));
        assertFalse(Files.exists(dir.resolve(MARKER)), "the shell ran event text");
    }

    @Test
    void hostileRequestParametersStayOneArgumentInARealShell() throws Exception {
        String bucket = "b;touch pwned&&$(touch pwned)";
        List<String> steps = stepsOf(Events.denied("AccessDenied", "Access Denied").param("bucketName", bucket)
                .param("key", "k'`touch pwned`"));
        for (String step : steps) {
            List<String> args = argumentsInShell(step);
            assertEquals(step.split(" ", -1)[1], args.get(0), "the service word comes first");
        }
        String policy = steps.stream().filter(s -> s.contains("get-bucket-policy")).findFirst().orElseThrow();
        assertEquals(List.of("s3api", "get-bucket-policy", "--bucket", bucket), argumentsInShell(policy));
        assertFalse(Files.exists(dir.resolve(MARKER)), "the shell ran event text");
    }

    @Test
    void aNameStartingWithADashIsAttachedToItsOption() {
        List<String> steps = stepsOf(Events.denied("AccessDenied", "User: arn:aws:iam::123456789012:user/ci is not"
                + " authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/--debug")
                .call("sts.amazonaws.com", "AssumeRole"));
        assertTrue(steps.contains("aws iam get-role --role-name=--debug --query Role.AssumeRolePolicyDocument"),
                steps.toString());
    }

    @Test
    void aLongTermKeyThatAwsDidNotRecogniseCanBeLookedUp() {
        List<String> steps = stepsOf(Events.denied("InvalidClientTokenId", "The security token included in the"
                + " request is invalid.").identity("{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::123456789012:user/a\","
                + "\"accountId\":\"123456789012\",\"accessKeyId\":\"AKIAIOSFODNN7EXAMPLE\"}"));
        assertEquals(List.of("aws sts get-caller-identity",
                "aws iam get-access-key-last-used --access-key-id AKIAIOSFODNN7EXAMPLE"), steps);
    }

    @Test
    void aTemporaryKeyIsNotLookedUpInIam() {
        List<String> steps = stepsOf(Events.denied("ExpiredToken", "The security token included in the request is"
                + " expired"));
        assertEquals(List.of("aws sts get-caller-identity"), steps);
    }

    private List<String> stepsOf(Events event) {
        EnrichedDenial d = classifier.classify(event.json(), null).orElseThrow();
        return d.diagnosis().nextSteps();
    }

    /**
     * Runs the command in {@code /bin/sh} with {@code aws} replaced by a printer of its arguments, and returns the
     * arguments the shell passed.
     */
    private List<String> argumentsInShell(String command) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(SH), "needs /bin/sh");
        assertTrue(command.startsWith("aws "), command);
        String script = "printf '%s\\0' " + command.substring("aws ".length());
        Process process = new ProcessBuilder(SH.toString(), "-c", script).directory(dir.toFile())
                .redirectErrorStream(true).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), new String(out, StandardCharsets.UTF_8));
        String text = new String(out, StandardCharsets.UTF_8);
        List<String> args = new ArrayList<>(Arrays.asList(text.split("\0", -1)));
        args.remove(args.size() - 1);
        return args;
    }

    private static String jsonString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
