package io.denywatch.ingest.notification;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Damaged versions of every fixture: whatever is removed, nulled, retyped or cut off, the parser answers with a
 * {@link Notification} or a {@link BadNotificationException}, never another exception.
 */
class NotificationRobustnessTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<JsonNode> REPLACEMENTS = List.of(NODES.nullNode(), NODES.numberNode(7),
            NODES.textNode(""), NODES.textNode("100%zz"), NODES.booleanNode(true), NODES.arrayNode(),
            NODES.objectNode());

    private final NotificationParser parser = new NotificationParser();

    @ParameterizedTest
    @ValueSource(strings = {"s3-event-object-created.json", "s3-event-mixed.json", "s3-test-event.json",
        "cloudtrail-sns-notification.json", "eventbridge-object-created.json", "eventbridge-object-deleted.json",
        "sns-envelope-s3-event.json", "sns-envelope-cloudtrail.json"})
    void everyFieldRemovedOrRetypedGivesAnAnswerOrABadNotification(final String fixture) {
        final ObjectNode original = Fixtures.tree(Fixtures.body(fixture));
        final int[] variants = {0};
        forEachMutation(original, mutated -> {
            variants[0]++;
            parsesOrRefuses(Fixtures.write(mutated));
            // The same damage inside an SNS envelope must behave the same way.
            parsesOrRefuses(Fixtures.snsWrapped(Fixtures.write(mutated)));
        });
        assertTrue(variants[0] > 20, "only " + variants[0] + " variants");
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3-event-mixed.json", "sns-envelope-cloudtrail.json", "eventbridge-object-created.json"})
    void everyTruncationGivesAnAnswerOrABadNotification(final String fixture) {
        final String body = Fixtures.body(fixture);
        for (int end = 0; end < body.length(); end++) {
            parsesOrRefuses(body.substring(0, end));
        }
    }

    private void parsesOrRefuses(final String body) {
        try {
            assertNotNull(parser.parse(body));
        } catch (BadNotificationException expected) {
            assertNotNull(expected.reason());
        } catch (RuntimeException e) {
            fail("unexpected " + e + " for " + Excerpt.of(body), e);
        }
    }

    /**
     * Calls {@code check} with copies of {@code root}, each with one node removed or replaced by each of
     * {@link #REPLACEMENTS}.
     */
    private static void forEachMutation(final ObjectNode root, final Consumer<JsonNode> check) {
        final List<List<Object>> paths = new ArrayList<>();
        collectPaths(root, new ArrayList<>(), paths);
        for (final List<Object> path : paths) {
            final ObjectNode removed = root.deepCopy();
            mutate(removed, path, null);
            check.accept(removed);
            for (final JsonNode replacement : REPLACEMENTS) {
                final ObjectNode replaced = root.deepCopy();
                mutate(replaced, path, replacement);
                check.accept(replaced);
            }
        }
    }

    private static void collectPaths(final JsonNode node, final List<Object> path, final List<List<Object>> out) {
        if (node.isObject()) {
            final Iterator<String> names = node.fieldNames();
            while (names.hasNext()) {
                final String name = names.next();
                final List<Object> child = new ArrayList<>(path);
                child.add(name);
                out.add(child);
                collectPaths(node.get(name), child, out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                final List<Object> child = new ArrayList<>(path);
                child.add(i);
                out.add(child);
                collectPaths(node.get(i), child, out);
            }
        }
    }

    /** Removes the node at {@code path} when {@code replacement} is null, else replaces it. */
    private static void mutate(final JsonNode root, final List<Object> path, final JsonNode replacement) {
        JsonNode parent = root;
        for (final Object step : path.subList(0, path.size() - 1)) {
            parent = step instanceof String ? parent.get((String) step) : parent.get((Integer) step);
        }
        final Object last = path.get(path.size() - 1);
        if (parent instanceof ObjectNode) {
            if (replacement == null) {
                ((ObjectNode) parent).remove((String) last);
            } else {
                ((ObjectNode) parent).set((String) last, replacement);
            }
        } else if (replacement == null) {
            ((ArrayNode) parent).remove((Integer) last);
        } else {
            ((ArrayNode) parent).set((Integer) last, replacement);
        }
    }
}
