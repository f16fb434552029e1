package io.denywatch.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** denywatch's alert rules and the Compose Prometheus configuration, checked and unit-tested by promtool. */
class PrometheusRulesTest {

    private static final String RULES = "deploy/prometheus/rules/denywatch.rules.yml";
    private static final String RULE_TESTS = "deploy/prometheus/rules/denywatch.rules.test.yml";
    private static final String DASHBOARD = "deploy/grafana/dashboards/denywatch.json";

    private static Tool promtool;

    @BeforeAll
    static void findPromtool() {
        promtool = Tool.require("promtool", "apt-get install prometheus (promtool comes with it)");
    }

    @Test
    void rulesPassPromtoolCheck() {
        Tool.Result result = promtool.run(Repo.root(), "check", "rules", RULES).assertSuccess();
        assertTrue(result.stdout().contains("SUCCESS"), result.stdout());
    }

    @Test
    void rulesPassTheirUnitTests() {
        Path dir = Repo.path(RULE_TESTS).getParent();
        promtool.run(dir, "test", "rules", Path.of(RULE_TESTS).getFileName().toString()).assertSuccess();
    }

    @Test
    void composePrometheusConfigIsValidAndLoadsTheRules() {
        Tool.Result result = promtool.run(Repo.root(), "check", "config", "deploy/prometheus/prometheus.yml")
                .assertSuccess();
        assertTrue(result.stdout().contains("1 rule files found"), result.stdout());
    }

    @Test
    void everyAlertIsTestedFiringAndQuiet() throws IOException {
        JsonNode tests = new YAMLMapper().readTree(Repo.read(RULE_TESTS));
        Set<String> fires = new TreeSet<>();
        Set<String> quiet = new TreeSet<>();
        for (JsonNode test : tests.path("tests")) {
            for (JsonNode check : test.path("alert_rule_test")) {
                String alert = check.path("alertname").asText();
                (check.path("exp_alerts").isEmpty() ? quiet : fires).add(alert);
            }
        }
        Set<String> alerts = alertNames();
        assertEquals(alerts, fires, "alerts with a test that expects them to fire");
        assertEquals(alerts, quiet, "alerts with a test that expects them to stay quiet");
    }

    @Test
    void coversWhatTheServiceMustBeWatchedFor() {
        assertTrue(alertNames().containsAll(Set.of("DenywatchIngestLagHigh", "DenywatchIngestDeadLetters",
                "DenywatchIngestSqsErrors", "DenywatchAnalyzerDeadLetters", "DenywatchKafkaStreamsNotRunning",
                "DenywatchAlertDeliveryFailing", "DenywatchAlertsDeadLettered", "DenywatchTargetDown")), alertNames()
                .toString());
    }

    @Test
    void everyAlertHasSeverityAndSummary() throws IOException {
        for (JsonNode rule : rules()) {
            String name = rule.path("alert").asText();
            assertTrue(Set.of("warning", "critical").contains(rule.path("labels").path("severity").asText()), name);
            assertFalse(rule.path("annotations").path("summary").asText().isBlank(), name);
            assertFalse(rule.path("annotations").path("description").asText().isBlank(), name);
        }
    }

    @Test
    void rulesUseOnlyMetricsTheCodeExports() throws IOException {
        StringBuilder expressions = new StringBuilder();
        for (JsonNode rule : rules()) {
            expressions.append(rule.path("expr").asText()).append('\n');
        }
        assertNoUnknownMetrics(RULES, expressions.toString());
    }

    @Test
    void dashboardUsesOnlyMetricsTheCodeExports() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(Repo.read(DASHBOARD));
        StringBuilder expressions = new StringBuilder();
        dashboard.findValues("expr").forEach(e -> expressions.append(e.asText()).append('\n'));
        assertFalse(expressions.isEmpty());
        assertNoUnknownMetrics(DASHBOARD, expressions.toString());
    }

    private static void assertNoUnknownMetrics(String file, String expressions) {
        Set<String> exported = MetricNames.exported();
        Set<String> used = MetricNames.usedIn(expressions);
        assertFalse(used.isEmpty());
        List<String> unknown = new ArrayList<>(used);
        unknown.removeAll(exported);
        assertEquals(List.of(), unknown, file + " uses series the code does not export; it exports " + exported);
    }

    private static Set<String> alertNames() {
        Set<String> names = new TreeSet<>();
        try {
            rules().forEach(r -> names.add(r.path("alert").asText()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return names;
    }

    private static List<JsonNode> rules() throws IOException {
        List<JsonNode> rules = new ArrayList<>();
        for (JsonNode group : new YAMLMapper().readTree(Repo.read(RULES)).path("groups")) {
            group.path("rules").forEach(rules::add);
        }
        return rules;
    }
}
