package io.denywatch.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The top-level docker-compose.yml, as docker-compose itself reads it ({@code docker-compose config}). */
class ComposeFileTest {

    private static final List<String> ROLES = List.of("ingest", "analyzer", "alerts");
    private static final Set<String> SERVICES = Set.of("kafka", "localstack", "seed", "ingest", "analyzer", "alerts",
            "prometheus", "grafana", "webhook-catcher");

    private static JsonNode config;

    @BeforeAll
    static void renderWithDockerCompose() throws IOException {
        Tool compose = Tool.require("docker-compose", "apt-get install docker-compose");
        Tool.Result result = compose.run(Repo.root(), "-f", "docker-compose.yml", "config").assertSuccess();
        config = new YAMLMapper().readTree(result.stdout());
    }

    @Test
    void isValidAndHasEveryService() {
        Set<String> names = new TreeSet<>();
        config.path("services").fieldNames().forEachRemaining(names::add);
        assertEquals(new TreeSet<>(SERVICES), names);
    }

    @Test
    void rolesScaleBecauseNothingFixesTheirNameOrHostPort() {
        for (String role : ROLES) {
            JsonNode service = config.path("services").path(role);
            assertTrue(service.path("container_name").isMissingNode(), role + " has a container_name");
            assertTrue(service.path("ports").isMissingNode(), role + " publishes host ports: " + service.path("ports"));
            assertEquals("denywatch:local", service.path("image").asText(), role);
            assertEquals("deploy/Dockerfile", service.path("build").path("dockerfile").asText(), role);
        }
    }

    @Test
    void eachRoleRunsItsCommand() {
        assertEquals("[\"ingest\"]", config.path("services").path("ingest").path("command").toString());
        assertEquals("[\"alerts\"]", config.path("services").path("alerts").path("command").toString());
        String analyzer = config.path("services").path("analyzer").path("entrypoint").toString();
        assertTrue(analyzer.contains("-jar /app/denywatch.jar analyze"), analyzer);
        assertTrue(analyzer.contains("DENYWATCH_ANALYZER_ADVERTISED_ADDRESS"), "scaled analyzers answer queries "
                + "together only if each advertises its address: " + analyzer);
    }

    @Test
    void rolesSetOnlySettingsDenywatchKnows() {
        Set<String> known = Settings.environmentNames();
        for (String role : ROLES) {
            config.path("services").path(role).path("environment").fieldNames().forEachRemaining(name -> {
                if (name.startsWith("DENYWATCH_")) {
                    assertTrue(known.contains(name), role + " sets " + name + ", which no setting has: the role "
                            + "would stop at start");
                }
            });
        }
    }

    @Test
    void ingestReadsTheQueueTheLocalStackScriptCreates() {
        JsonNode services = config.path("services");
        String queue = services.path("localstack").path("environment").path("DENYWATCH_DEMO_QUEUE").asText();
        String bucket = services.path("localstack").path("environment").path("DENYWATCH_DEMO_BUCKET").asText();
        assertFalse(queue.isEmpty());
        assertTrue(services.path("ingest").path("environment").path("DENYWATCH_INGEST_QUEUE_URL").asText()
                .endsWith("/000000000000/" + queue));
        assertEquals(bucket, services.path("seed").path("environment").path("DENYWATCH_DEMO_BUCKET").asText());
        assertTrue(Repo.read("deploy/compose/localstack/init-aws.sh").contains("touch /tmp/denywatch-aws-ready"),
                "the LocalStack health check waits for the file the init script touches");
    }

    @Test
    void everyBindMountExists() {
        List<String> missing = new ArrayList<>();
        config.path("services").forEach(service -> service.path("volumes").forEach(volume -> {
            String source = volume.isTextual() ? volume.asText().split(":")[0] : volume.path("source").asText();
            if (source.startsWith("/") && !Files.exists(Path.of(source))) {
                missing.add(source);
            }
        }));
        assertEquals(List.of(), missing);
    }

    @Test
    void prometheusScrapesEveryRoleByServiceName() throws IOException {
        JsonNode prometheus = new YAMLMapper().readTree(Repo.read("deploy/prometheus/prometheus.yml"));
        for (String role : ROLES) {
            JsonNode job = null;
            for (JsonNode j : prometheus.path("scrape_configs")) {
                if (j.path("job_name").asText().equals("denywatch-" + role)) {
                    job = j;
                }
            }
            assertTrue(job != null, "no scrape job denywatch-" + role);
            JsonNode dns = job.path("dns_sd_configs").path(0);
            assertEquals(role, dns.path("names").path(0).asText(), "DNS discovery finds every container of " + role);
            assertEquals(8080, dns.path("port").asInt());
        }
        String volumes = config.path("services").path("prometheus").path("volumes").toString();
        assertTrue(volumes.contains("deploy/prometheus/rules/denywatch.rules.yml"), volumes);
    }
}
