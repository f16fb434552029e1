package io.denywatch.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The jar the image ships carries the roles, and neither the demo's stack nor a test library: no broker, S3 or SQS
 * stand-in, no test driver, no JUnit. Which jar that is comes from {@code deploy/Dockerfile} itself, so the check
 * follows the image if it ever copies another one. An integration test because the jar exists only once packaged.
 */
class RuntimeJarContentsIT {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    /** Entry prefixes that belong to the tools jar or to tests, each with what it is. */
    private static final List<String[]> FORBIDDEN = List.of(
            new String[]{"kafka/server/", "the Kafka broker"},
            new String[]{"kafka/log/", "the Kafka broker's log"},
            new String[]{"org/apache/kafka/controller/", "the Kafka broker's controller"},
            new String[]{"org/apache/kafka/raft/", "the Kafka broker's KRaft"},
            new String[]{"org/apache/kafka/storage/", "the Kafka broker's log storage"},
            new String[]{"scala/", "Scala (the broker's and ElasticMQ's)"},
            new String[]{"org/elasticmq/", "ElasticMQ"},
            new String[]{"org/apache/pekko/", "Pekko (ElasticMQ's)"},
            new String[]{"org/gaul/", "S3Proxy"},
            new String[]{"org/eclipse/jetty/", "Jetty (S3Proxy's)"},
            new String[]{"io/denywatch/embedded/", "the embedded stack"},
            new String[]{"io/denywatch/cli/demo/", "the demo"},
            new String[]{"io/denywatch/cli/bench/", "the benchmarks"},
            new String[]{"org/apache/kafka/streams/TopologyTestDriver", "kafka-streams-test-utils"},
            new String[]{"org/apache/kafka/streams/test/", "kafka-streams-test-utils"},
            new String[]{"org/junit/", "JUnit"},
            new String[]{"org/opentest4j/", "JUnit's assertions"},
            new String[]{"org/testcontainers/", "Testcontainers"},
            new String[]{"org/awaitility/", "Awaitility"},
            new String[]{"org/mockito/", "Mockito"},
            new String[]{"org/hamcrest/", "Hamcrest"},
            new String[]{"com/code_intelligence/jazzer/", "Jazzer"});

    @Test
    void theImageJarHoldsNeitherTheDemoStackNorTestLibraries() throws IOException {
        Path jar = imageJar();
        assertTrue(Files.isRegularFile(jar), jar + " is missing: package the cli module first (./mvnw verify does)");
        List<String> found = misplacedEntries(jar);
        if (!found.isEmpty()) {
            fail(found.size() + " entries of " + jar + " do not belong in the image, e.g.:\n"
                    + String.join("\n", found.subList(0, Math.min(20, found.size()))));
        }
        // Not an empty or broken jar that passes for want of entries: the roles are in it.
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (String needed : List.of("io/denywatch/cli/Denywatch.class",
                    "io/denywatch/ingest/pipeline/IngestPipeline.class",
                    "io/denywatch/analyzer/streams/AnalyzerTopology.class",
                    "org/apache/kafka/streams/KafkaStreams.class")) {
                assertNotNull(zip.getEntry(needed), needed + " missing from " + jar);
            }
        }
    }

    @Test
    void theCheckFindsABrokerOrATestLibraryInAJar(@TempDir Path dir) throws IOException {
        Path jar = dir.resolve("bloated.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            for (String name : List.of("io/denywatch/cli/Denywatch.class", "kafka/server/KafkaRaftServer.class",
                    "org/apache/kafka/streams/TopologyTestDriver.class", "org/junit/jupiter/api/Test.class")) {
                zip.putNextEntry(new ZipEntry(name));
                zip.closeEntry();
            }
        }
        assertEquals(List.of("kafka/server/KafkaRaftServer.class (the Kafka broker)",
                "org/apache/kafka/streams/TopologyTestDriver.class (kafka-streams-test-utils)",
                "org/junit/jupiter/api/Test.class (JUnit)"), misplacedEntries(jar));
    }

    @Test
    void theImageJarRunsAndListsEveryRole() throws Exception {
        Path jar = imageJar();
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar.toString(), "--help").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
        assertEquals(0, p.exitValue(), out);
        for (String command : List.of("run", "ingest", "analyze", "alerts", "explain", "scan", "top", "replay")) {
            assertTrue(out.matches("(?s).*\\n  " + command + " .*"), command + " missing from:\n" + out);
        }
    }

    private static List<String> misplacedEntries(Path jar) throws IOException {
        List<String> found = new ArrayList<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            zip.stream().map(ZipEntry::getName).forEach(name -> {
                for (String[] forbidden : FORBIDDEN) {
                    if (name.startsWith(forbidden[0])) {
                        found.add(name + " (" + forbidden[1] + ")");
                    }
                }
            });
        }
        return found;
    }

    /**
     * The jar the image runs, in this checkout: the {@code -jar} argument of the final stage's {@code ENTRYPOINT},
     * the {@code COPY --from} line that puts it there, and that line's source relative to the build stage's
     * {@code WORKDIR}, into which the build context (the repository) was copied.
     */
    static Path imageJar() throws IOException {
        String dockerfile = Files.readString(REPO.resolve("deploy/Dockerfile")).replace("\\\n", " ");
        Matcher entrypoint = Pattern.compile("(?m)^ENTRYPOINT \\[.*\"-jar\", \"([^\"]+)\"").matcher(dockerfile);
        assertTrue(entrypoint.find(), "no ENTRYPOINT running a jar in deploy/Dockerfile");
        String runs = entrypoint.group(1);
        Matcher copy = Pattern.compile("(?m)^COPY --from=(\\S+) (\\S+) " + Pattern.quote(runs) + "\\s*$")
                .matcher(dockerfile);
        assertTrue(copy.find(), "no COPY --from line puts " + runs + " in the image");
        String stage = copy.group(1);
        String source = copy.group(2);
        Matcher workdir = Pattern.compile("(?m)^FROM \\S+ AS " + Pattern.quote(stage) + "\\s*\\nWORKDIR (\\S+)")
                .matcher(dockerfile);
        assertTrue(workdir.find(), "no WORKDIR right after FROM ... AS " + stage);
        String root = workdir.group(1).endsWith("/") ? workdir.group(1) : workdir.group(1) + "/";
        assertTrue(source.startsWith(root), source + " is not under the build stage's WORKDIR " + root);
        return REPO.resolve(source.substring(root.length()));
    }
}
