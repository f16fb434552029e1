package io.denywatch.resolve;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.denywatch.contract.denial.PolicyType;
import io.denywatch.contract.denial.StatementFinding;

/**
 * What {@code sts:DecodeAuthorizationMessage} returned, read: whether the request was allowed, whether a Deny matched,
 * the statements AWS names, and the context values AWS evaluated. The decoded message's shape is described in the
 * STS API reference (DecodeAuthorizationMessage) and the EC2 troubleshooting guide: {@code allowed},
 * {@code explicitDeny}, {@code matchedStatements.items[]} (statementId, effect, actions, resources, conditions) and
 * {@code context} (principal, action, resource, conditions.items[] of key and values).
 *
 * @param allowed      whether AWS allowed the request
 * @param explicitDeny whether a Deny statement matched
 * @param statements   the matched Deny statements, as findings reported by AWS (an Allow that matched is not why
 *                     the call was refused)
 * @param action       the action AWS judged, or null when the message does not say
 * @param resource     the resource AWS judged, or null: for EC2 it names the one resource of the call that failed,
 *                     which the record often does not
 * @param context      the condition keys and their (first) values as AWS evaluated them
 */
public record DecodedAuthorization(boolean allowed, boolean explicitDeny, List<StatementFinding> statements,
                                   String action, String resource, Map<String, String> context) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads a decoded message; a message that is not the documented JSON is reported with its reason. */
    public static DecodedAuthorization parse(String decoded) {
        JsonNode root;
        try {
            root = JSON.readTree(decoded);
        } catch (IOException e) {
            throw new UncheckedIOException("the decoded authorization message is not JSON", e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the decoded authorization message is not a JSON object");
        }
        List<StatementFinding> statements = new ArrayList<>();
        for (JsonNode item : root.path("matchedStatements").path("items")) {
            String effect = capitalised(item.path("effect").asText(""));
            if (!"Deny".equals(effect)) {
                continue;
            }
            String sid = textOrNull(item.path("statementId"));
            statements.add(new StatementFinding(null, PolicyType.UNKNOWN, sid, effect, item,
                    StatementFinding.Verdict.REPORTED_BY_AWS,
                    "Deny statement " + (sid == null ? "(no Sid)" : sid) + " matched, according to AWS's decoded "
                            + "authorization message", List.of()));
        }
        Map<String, String> context = new LinkedHashMap<>();
        for (JsonNode condition : root.path("context").path("conditions").path("items")) {
            JsonNode first = condition.path("values").path("items").path(0).path("value");
            if (condition.hasNonNull("key") && first.isValueNode()) {
                context.put(condition.get("key").asText(), first.asText());
            }
        }
        return new DecodedAuthorization(root.path("allowed").asBoolean(false),
                root.path("explicitDeny").asBoolean(false), statements,
                textOrNull(root.path("context").path("action")), textOrNull(root.path("context").path("resource")),
                context);
    }

    private static String textOrNull(JsonNode node) {
        return node.isValueNode() && !node.asText().isEmpty() ? node.asText() : null;
    }

    private static String capitalised(String effect) {
        return effect.isEmpty() ? ""
                : effect.substring(0, 1).toUpperCase(java.util.Locale.ROOT)
                + effect.substring(1).toLowerCase(java.util.Locale.ROOT);
    }
}
