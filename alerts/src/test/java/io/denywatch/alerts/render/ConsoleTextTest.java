package io.denywatch.alerts.render;

import io.denywatch.alerts.incident.Incidents;
import io.denywatch.contract.incident.SpikeRecord;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsoleTextTest {

    @Test
    void anOpenIncidentLeadsWithItsWholeSizeThenTheWindowItCrossedIn() {
        String text = ConsoleText.render(Incidents.open(), AlertLinks.defaults());
        String[] lines = text.split("\n");

        assertEquals("== CRITICAL · OPEN · access denial spike · incident dw-0123456789abcdef", lines[0]);
        assertEquals("   What: 318 denials in 15 min, peak 120 per 5 min \u2014 deploy-role denied, mostly s3:PutObject"
                + " on s3:object (baseline 1.5 per 5 min)", lines[1]);
        assertEquals("   Window: crossed at 42 in the window 2026-11-23 19:00\u201319:05 UTC", lines[2]);
        assertEquals("   Principal: " + Incidents.ROLE_ARN, lines[3]);
    }

    @Test
    void anUpdateNamesThePeaksWindowRatherThanItsWindowCount() {
        String text = ConsoleText.render(Incidents.open(SpikeRecord.State.UPDATE, 97), AlertLinks.defaults());

        assertTrue(text.contains("   Window: peak in the window 2026-11-23 19:02\u201319:07 UTC\n"), text);
        assertFalse(text.contains("97"), text);
    }

    @Test
    void aResolvedIncidentSaysHowLargeItWasInTheEnd() {
        String text = ConsoleText.render(Incidents.open(SpikeRecord.State.RESOLVED, 3), AlertLinks.defaults());

        assertEquals("== RESOLVED · access denial spike · deploy-role · incident dw-0123456789abcdef\n"
                + "   What: resolved after 318 denials in 15 min, peak 120 per 5 min \u2014 deploy-role denied, mostly"
                + " s3:PutObject on s3:object (baseline 1.5 per 5 min)\n\n", text);
    }

    @Test
    void terminalControlsInEventValuesAreShownNotObeyed() {
        for (SpikeRecord.State state : SpikeRecord.State.values()) {
            SpikeRecord hostile = Incidents.inState(Incidents.hostile("\u001b[2J\u001b]0;owned\u0007\u202e"), state, 42);

            String text = ConsoleText.render(hostile, AlertLinks.defaults());

            assertFalse(text.contains("\u001b"), text);
            assertFalse(text.contains("\u0007"), text);
            assertFalse(text.contains("\u202e"), text);
        }
    }
}
