package io.denywatch.analyzer.classify;

import io.denywatch.common.text.TerminalText;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.util.Optional;

import com.code_intelligence.jazzer.junit.FuzzTest;

import io.denywatch.contract.denial.DenialJson;
import io.denywatch.contract.denial.EnrichedDenial;
import io.denywatch.contract.denial.SourceRef;
import io.denywatch.embedded.AllocationBudget;

/**
 * Coverage-guided fuzzing of {@link DenialClassifier#classify(byte[], SourceRef)}: any bytes give a result or, for
 * bytes that are not JSON, the documented {@link MalformedEventException}; a denial always survives the JSON contract
 * unchanged, and its explanation never carries a control character from the event to the terminal.
 *
 * <p>A normal build replays the stored inputs in {@code DenialClassifierFuzzTestInputs/classify}; see
 * {@code docs/fuzzing.md} for a fuzzing run.
 */
class DenialClassifierFuzzTest {

    private static final DenialClassifier CLASSIFIER = new DenialClassifier();
    private static final ExplainFormatter FORMATTER = new ExplainFormatter();
    /** The log file name is outside data too: S3 keys may hold any character. */
    private static final SourceRef SOURCE = new SourceRef("trail-bucket", "AWSLogs/\u001b[2J\u202eevil\r\n.json.gz");

    @FuzzTest(maxDuration = "5m")
    void classify(byte[] data) throws IOException {
        Optional<EnrichedDenial> denial = AllocationBudget.within(4L << 20, data.length, () -> outcome(data));
        if (denial == null || denial.isEmpty()) {
            return;
        }
        EnrichedDenial d = denial.get();
        assertEquals(SOURCE, d.source());

        // What the analyzer publishes, downstream reads back as the same denial.
        assertEquals(d, DenialJson.fromBytes(DenialJson.toBytes(d)));

        String text = FORMATTER.format(d);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\n' && isTerminalControl(c)) {
                fail(String.format("explanation holds U+%04X at %d: %s", (int) c, i, TerminalText.neutralize(text)));
            }
        }
    }

    /** The denial, empty for no denial, or null for bytes refused as not JSON. */
    private static Optional<EnrichedDenial> outcome(byte[] data) {
        try {
            Optional<EnrichedDenial> result = CLASSIFIER.classify(data, SOURCE);
            assertNotNull(result);
            return result;
        } catch (MalformedEventException e) {
            assertNotNull(e.getMessage());
            return null;
        } catch (RuntimeException | StackOverflowError e) {
            return fail("classify threw " + e, e);
        }
    }

    /** C0, DEL, C1, and the bidirectional overrides and isolates that make text read differently from what it is. */
    private static boolean isTerminalControl(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)
                || c == 0x200e || c == 0x200f || c == 0x061c;
    }
}
