package io.denywatch.analyzer.query;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TopQueryTest {

    private static final Duration RETENTION = Duration.ofHours(24);

    @Test
    void withoutParametersItIsTheTopTenPrincipalsOfTheLastHourUntilNow() {
        assertEquals(new TopQuery(QueryDimension.PRINCIPAL, Duration.ofHours(1), 10, null, false),
                TopQuery.parse(Map.of(), RETENTION));
    }

    @Test
    void everyParameterIsRead() {
        assertEquals(new TopQuery(QueryDimension.ACTION, Duration.ofMinutes(15), 3,
                        Instant.parse("2026-03-02T10:00:00Z"), true),
                TopQuery.parse(Map.of("dimension", "action", "range", "15m", "limit", "3",
                        "at", "2026-03-02T10:00:00Z", "local", "true"), RETENTION));
    }

    @Test
    void aRangeBeyondTheRetentionIsRefusedNamingTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TopQuery.parse(Map.of("range", "48h"), RETENTION));
        assertTrue(e.getMessage().contains("analyzer.query.retention"), e.getMessage());
    }

    @Test
    void badValuesAreRefusedWithAMessageForTheCaller() {
        assertEquals("dimension must be principal or action", assertThrows(IllegalArgumentException.class,
                () -> TopQuery.parse(Map.of("dimension", "account"), RETENTION)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> TopQuery.parse(Map.of("range", "soon"), RETENTION));
        assertThrows(IllegalArgumentException.class, () -> TopQuery.parse(Map.of("limit", "0"), RETENTION));
        assertThrows(IllegalArgumentException.class, () -> TopQuery.parse(Map.of("limit", "ten"), RETENTION));
        assertThrows(IllegalArgumentException.class, () -> TopQuery.parse(Map.of("at", "yesterday"), RETENTION));
    }
}
