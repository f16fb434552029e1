package io.denywatch.resolve.aws;

import java.util.Optional;

import io.denywatch.contract.denial.PolicyType;
import io.denywatch.resolve.PolicyText;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Policy;

/**
 * Reads the default version of a managed policy: {@code iam:GetPolicy} names it, {@code iam:GetPolicyVersion} gives its
 * document (<a href="https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetPolicy.html">GetPolicy</a>: "To
 * retrieve the policy document ... use GetPolicyVersion").
 */
final class ManagedPolicyReader {

    private ManagedPolicyReader() {
    }

    /** The policy's default version, typed {@code type}; empty when IAM knows no such policy. */
    static Optional<PolicyText> read(IamClient iam, String policyArn, PolicyType type) {
        Policy policy;
        try {
            policy = Refusals.translate("iam:GetPolicy", () -> iam.getPolicy(r -> r.policyArn(policyArn)).policy());
        } catch (NoSuchEntityException e) {
            return Optional.empty();
        }
        String document;
        try {
            document = Refusals.translate("iam:GetPolicyVersion", () -> iam.getPolicyVersion(r -> r
                    .policyArn(policyArn).versionId(policy.defaultVersionId())).policyVersion().document());
        } catch (NoSuchEntityException e) {
            // Deleted between the two calls.
            return Optional.empty();
        }
        return Optional.of(new PolicyText(policyArn, policy.policyName(), type, UrlEncodedDocuments.decode(document)));
    }
}
