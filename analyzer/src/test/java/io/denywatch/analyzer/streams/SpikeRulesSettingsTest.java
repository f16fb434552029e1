package io.denywatch.analyzer.streams;

import io.denywatch.analyzer.spike.SpikeRules;
import io.denywatch.analyzer.window.Dimension;
import io.denywatch.common.config.Config;
import io.denywatch.common.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpikeRulesSettingsTest {

    private static final List<Dimension> ALL = List.of(Dimension.values());

    private static Map<Dimension, SpikeRules> rules(Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>(overrides);
        settings.put("kafka.bootstrap.servers", "unused:9092");
        return AnalyzerPlan.from(Config.of(settings)).rules();
    }

    @Test
    void everyDimensionUsesTheGeneralFactorUnlessItHasItsOwn() {
        Map<Dimension, SpikeRules> defaults = rules(Map.of());
        for (Dimension d : ALL) {
            assertEquals(3.0, defaults.get(d).factor(), d.id());
        }
        Map<Dimension, SpikeRules> tuned = rules(Map.of("analyzer.spike.factor", "4",
                "analyzer.spike.factor.account", "10", "analyzer.spike.factor.principal", "0"));
        assertEquals(4.0, tuned.get(Dimension.PRINCIPAL).factor(), "0 means the general factor");
        assertEquals(4.0, tuned.get(Dimension.PRINCIPAL_ACTION_RESOURCE).factor());
        assertEquals(10.0, tuned.get(Dimension.ACCOUNT).factor());
        assertEquals(2.5, rules(Map.of("analyzer.spike.factor.principal-action-resource", "2.5"))
                .get(Dimension.PRINCIPAL_ACTION_RESOURCE).factor());
    }

    @Test
    void theFactorAndTheMinimumOfADimensionAreIndependent() {
        SpikeRules account = rules(Map.of("analyzer.spike.factor.account", "6",
                "analyzer.spike.min-count.account", "50")).get(Dimension.ACCOUNT);
        assertEquals(6.0, account.factor());
        assertEquals(50, account.minCount());
        SpikeRules principal = rules(Map.of("analyzer.spike.factor.account", "6")).get(Dimension.PRINCIPAL);
        assertEquals(10, principal.minCount());
        assertEquals(3.0, principal.factor());
    }

    @Test
    void aFactorBelowOneIsRefusedByName() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> rules(Map.of("analyzer.spike.factor.account", "0.5")));
        assertTrue(e.getMessage().contains("analyzer.spike.factor.account"), e.getMessage());
    }
}
