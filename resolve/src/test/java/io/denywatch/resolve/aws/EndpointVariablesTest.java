package io.denywatch.resolve.aws;

import static io.denywatch.resolve.aws.AwsPolicySourceTest.assertSameJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import io.denywatch.contract.denial.PolicyType;
import io.denywatch.embedded.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.organizations.OrganizationsClient;

/**
 * The SDK's standard endpoint variables reach every lookup, with no endpoint set in denywatch's code: the global
 * {@code AWS_ENDPOINT_URL} / {@code aws.endpointUrl}, and the per-service {@code AWS_ENDPOINT_URL_IAM},
 * {@code _STS}, {@code _ORGANIZATIONS} / {@code aws.endpointUrlIam}, {@code ...Sts}, {@code ...Organizations}, which
 * win over the global one (<a href="https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html">
 * service-specific endpoints</a>). A port nothing listens on stands for "the wrong place": a call sent there fails.
 */
class EndpointVariablesTest {

    private static final String MESSAGE = "probe-encoded-message";
    private static final String DECODED = "{\"allowed\":false,\"context\":{\"action\":\"iam:GetRole\"}}";

    private static MotoLookups lookups;
    private static ExampleAccounts accounts;
    private static String nowhere;

    @BeforeAll
    static void layOut() throws IOException {
        lookups = MotoLookups.start();
        try (IamClient iam = lookups.iam(MotoServer.credentials());
             OrganizationsClient organizations = lookups.organizations(MotoServer.credentials())) {
            accounts = ExampleAccounts.create(iam, organizations);
        }
        lookups.endpoint().decodes(MESSAGE, DECODED);
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nowhere = "http://127.0.0.1:" + closed.getLocalPort();
        }
    }

    @AfterAll
    static void stop() {
        if (lookups != null) {
            lookups.close();
        }
    }

    @Test
    void perServiceSystemPropertiesWinOverTheGlobalOne() {
        String endpoint = lookups.endpoint().endpoint().toString();
        Map<String, String> properties = Map.of("aws.endpointUrl", nowhere, "aws.endpointUrlIam", endpoint,
                "aws.endpointUrlSts", endpoint, "aws.endpointUrlOrganizations", endpoint);
        properties.forEach(System::setProperty);
        int before = lookups.endpoint().forwarded().size();
        try (AwsPolicySource source = lookups.source(null, null)) {
            assertSameJson(ExampleAccounts.UPLOADER_WRITES,
                    source.managedPolicy(accounts.uploaderWritesArn).orElseThrow().document());
            assertSameJson(ExampleAccounts.SCP, source.organizationPolicy(accounts.scpArn).orElseThrow().document());
            assertEquals(DECODED, source.decode(MESSAGE, null).orElseThrow());
        } finally {
            properties.keySet().forEach(System::clearProperty);
            System.setProperty(MotoLookups.ENDPOINT_PROPERTY, endpoint);
        }
        Set<String> actions = new TreeSet<>();
        lookups.endpoint().forwarded().subList(before, lookups.endpoint().forwarded().size())
                .forEach(f -> actions.add(f.get("Action")));
        assertEquals(Set.of("GetPolicy", "GetPolicyVersion", "DescribePolicy"), actions);
    }

    @Test
    void aGlobalPropertyNamingNowhereIsWhereTheCallsGo() {
        String endpoint = lookups.endpoint().endpoint().toString();
        System.setProperty(MotoLookups.ENDPOINT_PROPERTY, nowhere);
        try (AwsPolicySource source = lookups.source(null, null)) {
            SdkClientException failed = assertThrows(SdkClientException.class,
                    () -> source.managedPolicy(accounts.uploaderWritesArn));
            assertTrue(String.valueOf(failed.getMessage()).contains(nowhere.substring("http://".length())),
                    failed.getMessage());
        } finally {
            System.setProperty(MotoLookups.ENDPOINT_PROPERTY, endpoint);
        }
    }

    @Test
    void theGlobalEnvironmentVariableReachesEveryClientOfTheFactory(@TempDir Path home) throws Exception {
        List<String> lines = probe(home, Map.of("AWS_ENDPOINT_URL", lookups.endpoint().endpoint().toString()));
        assertProbeRead(lines);
    }

    @Test
    void perServiceEnvironmentVariablesWinOverTheGlobalOne(@TempDir Path home) throws Exception {
        String endpoint = lookups.endpoint().endpoint().toString();
        List<String> lines = probe(home, Map.of("AWS_ENDPOINT_URL", nowhere, "AWS_ENDPOINT_URL_IAM", endpoint,
                "AWS_ENDPOINT_URL_STS", endpoint, "AWS_ENDPOINT_URL_ORGANIZATIONS", endpoint));
        assertProbeRead(lines);
    }

    private static void assertProbeRead(List<String> lines) {
        assertEquals(4, lines.size(), lines.toString());
        assertSameJson(ExampleAccounts.UPLOADER_WRITES, lines.get(0));
        assertSameJson(ExampleAccounts.SCP, lines.get(1));
        assertSameJson(DECODED, lines.get(2));
        assertEquals("2", lines.get(3), "the OU's SCP and the root's");
    }

    /**
     * Runs {@link EndpointProbe} in a child JVM with only these endpoint variables, moto's credentials in the
     * environment, and no profile or instance metadata to fall back on.
     */
    private static List<String> probe(Path home, Map<String, String> endpoints) throws Exception {
        String java = ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(java, "-cp", classpath, EndpointProbe.class.getName(),
                accounts.uploaderWritesArn, accounts.scpArn, MESSAGE, accounts.prodAccountId));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
        builder.environment().putAll(endpoints);
        // moto accepts any key; these are not secrets.
        builder.environment().put("AWS_ACCESS_KEY_ID", "testing");
        builder.environment().put("AWS_SECRET_ACCESS_KEY", "testing");
        builder.environment().put("AWS_CONFIG_FILE", home.resolve("config").toString());
        builder.environment().put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString());
        builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        Path out = home.resolve("out.txt");
        Path err = home.resolve("err.txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the probe did not finish: " + Files.readString(err));
        }
        assertEquals(0, process.exitValue(), "probe failed: " + Files.readString(err, StandardCharsets.UTF_8));
        return Files.readAllLines(out).stream().filter(l -> !l.isBlank()).toList();
    }
}
