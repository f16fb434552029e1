package io.denywatch.resolve;

import java.util.Objects;

import io.denywatch.contract.denial.PolicyType;

/**
 * One policy document as read from AWS.
 *
 * @param arn      the managed policy's or SCP's ARN; for an inline policy, the principal's ARN, {@code #}, its name
 * @param name     the policy's name
 * @param type     the layer the policy sits in
 * @param document the policy document as JSON (already URL-decoded)
 */
public record PolicyText(String arn, String name, PolicyType type, String document) {
    public PolicyText {
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(document, "document");
    }
}
