package io.denywatch.ingest.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import com.code_intelligence.jazzer.junit.FuzzTest;

import io.denywatch.embedded.AllocationBudget;

/**
 * Coverage-guided fuzzing of {@link NotificationParser#parse}: any SQS body gives a {@link Notification} or a
 * {@link BadNotificationException}, nothing else, within a bounded time and allocation.
 *
 * <p>A normal build replays the stored inputs in {@code NotificationParserFuzzTestInputs/parse}; see
 * {@code docs/fuzzing.md} for a fuzzing run.
 */
class NotificationParserFuzzTest {

    /** Small enough that short fuzz inputs cross it, so the size check is exercised too. */
    private static final int SMALL_LIMIT = 512;
    private static final int MAX_MESSAGE_CHARS = 2048;
    private static final Set<String> SHAPES = Set.of(Notification.S3_EVENT, Notification.S3_TEST_EVENT,
            Notification.CLOUDTRAIL_SNS, Notification.EVENTBRIDGE, Notification.CLOUDTRAIL_EVENTBRIDGE);

    private static final NotificationParser PARSER = new NotificationParser();
    private static final NotificationParser SMALL = new NotificationParser(SMALL_LIMIT);

    @FuzzTest(maxDuration = "5m")
    void parse(byte[] data) {
        String body = new String(data, StandardCharsets.UTF_8);
        Object full = AllocationBudget.within(4L << 20, data.length, () -> outcome(PARSER, body));

        // A parser with a lower limit refuses larger bodies as too large, and agrees on every other body.
        Object small = outcome(SMALL, body);
        if (body.getBytes(StandardCharsets.UTF_8).length > SMALL_LIMIT) {
            assertTrue(small instanceof BadNotificationException e
                    && e.reason() == BadNotificationException.Reason.TOO_LARGE, () -> "not refused: " + small);
        } else {
            assertEquals(describe(full), describe(small));
        }
    }

    /** The notification, or the refusal after checking it is fit for a log line. */
    private static Object outcome(NotificationParser parser, String body) {
        try {
            Notification n = parser.parse(body);
            assertNotNull(n);
            String shape = n.shape();
            assertTrue(SHAPES.contains(shape.startsWith(Notification.SNS_PREFIX)
                    ? shape.substring(Notification.SNS_PREFIX.length()) : shape), shape);
            return n;
        } catch (BadNotificationException e) {
            assertNotNull(e.reason());
            String message = e.getMessage();
            // Refusals are logged and dead-lettered: short, and no line break or escape a body could slip in.
            assertTrue(message.length() <= MAX_MESSAGE_CHARS, () -> "message of " + message.length() + " chars");
            assertFalse(message.chars().anyMatch(Character::isISOControl), () -> "control character in " + message);
            return e;
        } catch (RuntimeException | StackOverflowError e) {
            return fail("parse threw " + e + " for " + Excerpt.of(body), e);
        }
    }

    private static String describe(Object outcome) {
        return outcome instanceof BadNotificationException e ? e.reason() + " " + e.field().orElse("")
                : String.valueOf(outcome);
    }
}
