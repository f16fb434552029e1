package io.denywatch.resolve.policy;

import com.fasterxml.jackson.databind.JsonNode;

import io.denywatch.resolve.PolicyText;
import software.amazon.awssdk.policybuilder.iam.IamStatement;

/**
 * One statement of a policy: the SDK's model to match with, and the statement's JSON as the document holds it, to
 * report.
 *
 * @param policy    the policy that holds it
 * @param index     its place in the policy's Statement list, from 0
 * @param model     the SDK's model of the statement
 * @param json      the statement as written
 */
record PolicyStatement(PolicyText policy, int index, IamStatement model, JsonNode json) {

    /** How sentences name the statement: its Sid, or its place in the policy when it has none. */
    String label() {
        String sid = sid();
        return sid != null ? sid : "#" + (index + 1) + " of " + policyName();
    }

    String sid() {
        String sid = model.sid();
        return sid == null || sid.isBlank() ? null : sid;
    }

    String effect() {
        return model.effect() == null ? null : model.effect().value();
    }

    boolean isDeny() {
        return "Deny".equalsIgnoreCase(effect());
    }

    boolean isAllow() {
        return "Allow".equalsIgnoreCase(effect());
    }

    private String policyName() {
        return policy.name() != null ? policy.name() : policy.arn();
    }
}
