package io.denywatch.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import org.junit.jupiter.api.Test;

class LocalStacksTest {

    @Test
    void parsesEveryModeIgnoringCaseAndBlanks() {
        assertEquals(LocalStacks.Mode.EMBEDDED, LocalStacks.Mode.parse("embedded"));
        assertEquals(LocalStacks.Mode.TESTCONTAINERS, LocalStacks.Mode.parse(" TestContainers "));
        assertEquals(LocalStacks.Mode.AUTO, LocalStacks.Mode.parse("AUTO"));
    }

    @Test
    void rejectsAnUnknownModeNamingTheChoices() {
        IllegalArgumentException rejected =
                assertThrows(IllegalArgumentException.class, () -> LocalStacks.Mode.parse("docker"));
        assertTrue(rejected.getMessage().contains("embedded, testcontainers, auto"), rejected.getMessage());
        assertTrue(rejected.getMessage().contains("'docker'"), rejected.getMessage());
    }

    @Test
    void testcontainersModeReachesTheContainerStackAndReportsTheMissingDockerEngine() {
        assumeFalse(ContainerStack.dockerAvailable(), "with Docker this would start containers");

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> LocalStacks.start(LocalStacks.Mode.TESTCONTAINERS));

        assertTrue(refused.getMessage().contains("Docker"), refused.getMessage());
    }
}
