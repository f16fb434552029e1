package io.denywatch.resolve.policy;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.denywatch.resolve.PolicyText;
import software.amazon.awssdk.policybuilder.iam.IamPolicy;
import software.amazon.awssdk.policybuilder.iam.IamStatement;

/**
 * Reads a policy document twice: with the SDK's IAM policy model, which the matching uses, and with Jackson, to keep
 * each statement's JSON as written for the finding. Statements are paired by their place in the document; a lone
 * statement object counts as a list of one, as IAM accepts it.
 *
 * <p>Errors name the policy, never its text: policy documents must not reach logs. Jackson is told not to quote the
 * source in its messages, and the SDK's messages are not passed on.
 */
final class PolicyDocuments {

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    private PolicyDocuments() {
    }

    /**
     * The statements of a policy.
     *
     * @throws IllegalArgumentException when the document is not a policy IAM would store
     */
    static List<PolicyStatement> statements(PolicyText policy) {
        JsonNode document = jacksonTree(policy);
        List<IamStatement> models = sdkModel(policy);
        JsonNode statementNode = document.path("Statement");
        List<JsonNode> jsons = new ArrayList<>();
        if (statementNode.isArray()) {
            statementNode.forEach(jsons::add);
        } else if (statementNode.isObject()) {
            jsons.add(statementNode);
        }
        if (jsons.size() != models.size()) {
            throw invalid(policy, "its statements could not be read one by one");
        }
        List<PolicyStatement> statements = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            statements.add(new PolicyStatement(policy, i, models.get(i), jsons.get(i)));
        }
        return statements;
    }

    private static JsonNode jacksonTree(PolicyText policy) {
        try {
            JsonNode tree = JSON.readTree(policy.document());
            if (tree == null || !tree.isObject()) {
                throw invalid(policy, "it is not a JSON object");
            }
            return tree;
        } catch (JsonProcessingException e) {
            throw invalid(policy, "it is not JSON");
        }
    }

    private static List<IamStatement> sdkModel(PolicyText policy) {
        try {
            List<IamStatement> statements = IamPolicy.fromJson(policy.document()).statements();
            return statements == null ? List.of() : statements;
        } catch (RuntimeException e) {
            throw invalid(policy, "the IAM policy model rejects it");
        }
    }

    private static IllegalArgumentException invalid(PolicyText policy, String why) {
        return new IllegalArgumentException("Policy " + policy.arn() + " cannot be matched: " + why);
    }
}
