package io.denywatch.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each Kubernetes overlay as {@code kubectl kustomize} renders it. */
class KustomizeOverlaysTest {

    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(SECRET|TOKEN|PASSWORD|ROUTING_KEY|WEBHOOK_URL"
            + "|JAAS|CREDENTIAL).*");
    private static final Pattern SECRET_VALUE = Pattern.compile("(?i).*(hooks\\.slack\\.com|xox[abp]-|://[^/@]+:[^/@]+@"
            + "|BEGIN [A-Z ]*PRIVATE KEY).*");

    private static final Map<String, List<JsonNode>> RENDERED = new HashMap<>();
    private static Tool kubectl;

    @BeforeAll
    static void findKubectl() {
        kubectl = Tool.require("kubectl", "see https://kubernetes.io/docs/tasks/tools/ (kubectl 1.21 or newer, for its "
                + "built-in kustomize)");
    }

    private static List<JsonNode> render(String overlay) throws IOException {
        if (!RENDERED.containsKey(overlay)) {
            Tool.Result result = kubectl.run(Repo.root(), "kustomize", "deploy/k8s/overlays/" + overlay).assertSuccess();
            List<JsonNode> docs = new ArrayList<>();
            try (MappingIterator<JsonNode> it = new YAMLMapper().readerFor(JsonNode.class).readValues(result.stdout())) {
                while (it.hasNext()) {
                    JsonNode doc = it.next();
                    if (doc != null && !doc.isEmpty()) {
                        docs.add(doc);
                    }
                }
            }
            RENDERED.put(overlay, docs);
        }
        return RENDERED.get(overlay);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void rendersEveryPart(String overlay) throws IOException {
        List<JsonNode> docs = render(overlay);
        one(docs, "Deployment", "denywatch-ingest");
        one(docs, "Deployment", "denywatch-alerts");
        JsonNode analyzer = one(docs, "StatefulSet", "denywatch-analyzer");
        JsonNode headless = one(docs, "Service", analyzer.path("spec").path("serviceName").asText());
        assertEquals("None", headless.path("spec").path("clusterIP").asText(), "the analyzer's Service is headless");
        one(docs, "Service", "denywatch-ingest");
        one(docs, "Service", "denywatch-alerts");
        one(docs, "ServiceMonitor", "denywatch");
        assertFalse(analyzer.path("spec").path("volumeClaimTemplates").isEmpty());
        assertEquals(1, docs.stream().filter(d -> d.path("kind").asText().equals("ConfigMap")).count());
        for (JsonNode doc : docs) {
            assertFalse(doc.path("metadata").path("namespace").asText().isEmpty(), overlay + " sets a namespace: " + name(doc));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyContainerIsProbedLimitedAndLockedDown(String overlay) throws IOException {
        for (JsonNode workload : workloads(render(overlay))) {
            JsonNode pod = workload.path("spec").path("template").path("spec");
            String what = overlay + " " + name(workload);
            assertTrue(pod.path("securityContext").path("runAsNonRoot").asBoolean(), what + " runAsNonRoot");
            assertEquals("false", pod.path("enableServiceLinks").asText(), what + ": service links would inject "
                    + "DENYWATCH_*_SERVICE_* variables, which denywatch refuses as unknown settings");
            for (JsonNode c : pod.path("containers")) {
                assertEquals("/health/live", c.path("livenessProbe").path("httpGet").path("path").asText(), what);
                assertEquals("/health/ready", c.path("readinessProbe").path("httpGet").path("path").asText(), what);
                for (String kind : List.of("requests", "limits")) {
                    assertFalse(c.path("resources").path(kind).path("memory").asText().isEmpty(), what + " memory " + kind);
                    assertFalse(c.path("resources").path(kind).path("cpu").asText().isEmpty(), what + " cpu " + kind);
                }
                JsonNode sc = c.path("securityContext");
                assertTrue(sc.path("readOnlyRootFilesystem").asBoolean(), what + " readOnlyRootFilesystem");
                assertEquals("false", sc.path("allowPrivilegeEscalation").asText(), what);
                assertEquals("emptyDir", volumeKind(pod, mountedAt(c, "/tmp")), what + ": /tmp is an emptyDir");
                assertFalse(c.path("image").asText().endsWith(":latest"), what + " image " + c.path("image"));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void analyzerKeepsStateOnItsVolumeAndAdvertisesItsDnsName(String overlay) throws IOException {
        JsonNode analyzer = one(render(overlay), "StatefulSet", "denywatch-analyzer");
        JsonNode container = analyzer.path("spec").path("template").path("spec").path("containers").path(0);
        List<String> envOrder = new ArrayList<>();
        container.path("env").forEach(e -> envOrder.add(e.path("name").asText()));
        String stateDir = env(container, "DENYWATCH_ANALYZER_STATE_DIR");
        String claim = analyzer.path("spec").path("volumeClaimTemplates").path(0).path("metadata").path("name").asText();
        assertEquals(claim, mountedAt(container, stateDir), "the state dir is the claim's mount");
        String advertised = env(container, "DENYWATCH_ANALYZER_ADVERTISED_ADDRESS");
        String service = analyzer.path("spec").path("serviceName").asText();
        assertEquals("$(POD_NAME)." + service + ".$(POD_NAMESPACE).svc:8080", advertised);
        assertTrue(envOrder.indexOf("POD_NAME") < envOrder.indexOf("DENYWATCH_ANALYZER_ADVERTISED_ADDRESS")
                && envOrder.indexOf("POD_NAMESPACE") < envOrder.indexOf("DENYWATCH_ANALYZER_ADVERTISED_ADDRESS"),
                "Kubernetes expands $(VAR) only from variables defined earlier: " + envOrder);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void analyzerThreadsFitThePartitions(String overlay) throws IOException {
        List<JsonNode> docs = render(overlay);
        JsonNode settings = configMap(docs).path("data");
        int partitions = Integer.parseInt(settings.path("DENYWATCH_TOPICS_PARTITIONS").asText("6"));
        int threads = Integer.parseInt(settings.path("DENYWATCH_ANALYZER_THREADS").asText("1"));
        int replicas = one(docs, "StatefulSet", "denywatch-analyzer").path("spec").path("replicas").asInt(1);
        assertTrue(replicas * threads <= partitions, overlay + ": " + replicas + " analyzer instances × " + threads
                + " threads > " + partitions + " partitions; the extra threads would sit idle");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void configMapHoldsNoSecretsAndOnlyKnownSettings(String overlay) throws IOException {
        List<JsonNode> docs = render(overlay);
        Set<String> known = Settings.environmentNames();
        configMap(docs).path("data").fields().forEachRemaining(e -> {
            assertFalse(SECRET_KEY.matcher(e.getKey()).matches(), overlay + ": secret-looking key " + e.getKey()
                    + " in the ConfigMap; mount it from a Secret and use DENYWATCH_<KEY>_FILE");
            assertFalse(SECRET_VALUE.matcher(e.getValue().asText()).matches(), overlay + ": " + e.getKey()
                    + " looks like a credential");
            if (e.getKey().startsWith("DENYWATCH_")) {
                assertTrue(known.contains(e.getKey()), overlay + ": unknown setting " + e.getKey());
            }
        });
        for (JsonNode workload : workloads(docs)) {
            for (JsonNode c : workload.path("spec").path("template").path("spec").path("containers")) {
                for (JsonNode e : c.path("env")) {
                    String n = e.path("name").asText();
                    if (n.startsWith("DENYWATCH_")) {
                        assertTrue(known.contains(n), overlay + " " + name(workload) + ": unknown setting " + n);
                    }
                    if (SECRET_KEY.matcher(n).matches()) {
                        assertTrue(n.endsWith("_FILE"), overlay + " " + name(workload) + ": " + n
                                + " must come from a mounted Secret file, not a value");
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void alertsReadSecretsFromTheMountedSecret(String overlay) throws IOException {
        List<JsonNode> docs = render(overlay);
        JsonNode alerts = one(docs, "Deployment", "denywatch-alerts");
        JsonNode pod = alerts.path("spec").path("template").path("spec");
        JsonNode container = pod.path("containers").path(0);
        String secretName = null;
        for (JsonNode e : container.path("env")) {
            if (!e.path("name").asText().endsWith("_FILE")) {
                continue;
            }
            String file = e.path("value").asText();
            String dir = file.substring(0, file.lastIndexOf('/'));
            String volume = mountedAt(container, dir);
            JsonNode secret = volumeOf(pod, volume).path("secret");
            assertFalse(secret.isMissingNode(), file + " is not on a Secret volume");
            secretName = secret.path("secretName").asText();
            JsonNode example = find(docs, "Secret", secretName);
            if (example != null) {
                assertTrue(example.path("stringData").has(file.substring(file.lastIndexOf('/') + 1))
                        || example.path("data").has(file.substring(file.lastIndexOf('/') + 1)),
                        "the Secret has no key for " + file);
            }
        }
        assertNotNull(secretName, "the alerts role reads no secret file");
        if (overlay.equals("prod")) {
            assertEquals(null, find(docs, "Secret", secretName), "prod must not ship the example Secret");
        } else {
            assertNotNull(find(docs, "Secret", secretName), "dev keeps the example Secret");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void analyzerQueryApiRequiresTheTokenFromTheMountedSecret(String overlay) throws IOException {
        List<JsonNode> docs = render(overlay);
        JsonNode pod = one(docs, "StatefulSet", "denywatch-analyzer").path("spec").path("template").path("spec");
        JsonNode container = pod.path("containers").path(0);
        String file = env(container, "DENYWATCH_HTTP_API_TOKEN_FILE");
        String volume = mountedAt(container, file.substring(0, file.lastIndexOf('/')));
        JsonNode secret = volumeOf(pod, volume).path("secret");
        assertFalse(secret.isMissingNode(), file + " is not on a Secret volume");
        String secretName = secret.path("secretName").asText();
        JsonNode example = find(docs, "Secret", secretName);
        if (overlay.equals("prod")) {
            assertEquals(null, example, "prod must not ship the example token");
        } else {
            assertNotNull(example, "dev keeps the example Secret");
            assertTrue(example.path("stringData").has(file.substring(file.lastIndexOf('/') + 1)),
                    "the Secret has no key for " + file);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void onlyTheIngestorHasAnAwsRole(String overlay) throws IOException {
        List<JsonNode> docs = render(overlay);
        for (JsonNode workload : workloads(docs)) {
            String account = workload.path("spec").path("template").path("spec").path("serviceAccountName").asText();
            JsonNode sa = one(docs, "ServiceAccount", account);
            boolean irsa = sa.path("metadata").path("annotations").has("eks.amazonaws.com/role-arn");
            assertEquals(name(workload).equals("denywatch-ingest"), irsa, name(workload) + " uses " + account);
        }
    }

    private static List<JsonNode> workloads(List<JsonNode> docs) {
        List<JsonNode> out = docs.stream()
                .filter(d -> Set.of("Deployment", "StatefulSet").contains(d.path("kind").asText())).toList();
        assertEquals(3, out.size());
        return out;
    }

    private static JsonNode configMap(List<JsonNode> docs) {
        return docs.stream().filter(d -> d.path("kind").asText().equals("ConfigMap")).findFirst().orElseThrow();
    }

    private static JsonNode one(List<JsonNode> docs, String kind, String name) {
        JsonNode found = find(docs, kind, name);
        return found != null ? found : fail("no " + kind + " " + name);
    }

    private static JsonNode find(List<JsonNode> docs, String kind, String name) {
        return docs.stream().filter(d -> d.path("kind").asText().equals(kind) && name(d).equals(name))
                .findFirst().orElse(null);
    }

    private static String name(JsonNode doc) {
        return doc.path("metadata").path("name").asText();
    }

    private static String env(JsonNode container, String name) {
        for (JsonNode e : container.path("env")) {
            if (e.path("name").asText().equals(name)) {
                return e.path("value").asText();
            }
        }
        return fail("no " + name + " in " + container.path("name"));
    }

    /** The name of the volume mounted at {@code path}. */
    private static String mountedAt(JsonNode container, String path) {
        for (JsonNode m : container.path("volumeMounts")) {
            if (m.path("mountPath").asText().equals(path)) {
                return m.path("name").asText();
            }
        }
        return fail("nothing is mounted at " + path + " in " + container.path("name"));
    }

    private static JsonNode volumeOf(JsonNode pod, String name) {
        for (JsonNode v : pod.path("volumes")) {
            if (v.path("name").asText().equals(name)) {
                return v;
            }
        }
        return fail("no volume " + name);
    }

    private static String volumeKind(JsonNode pod, String name) {
        JsonNode v = volumeOf(pod, name);
        List<String> kinds = new ArrayList<>();
        v.fieldNames().forEachRemaining(f -> {
            if (!f.equals("name")) {
                kinds.add(f);
            }
        });
        return String.join(",", kinds);
    }
}
