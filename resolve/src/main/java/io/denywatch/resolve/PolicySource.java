package io.denywatch.resolve;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the documents behind a refusal are read from: IAM, Organizations and STS, read-only. Every method may throw
 * {@link LookupRefused} when AWS refuses the lookup, or another runtime exception when it fails.
 */
public interface PolicySource {

    /** The default version of a customer or AWS managed policy, or empty when there is no such policy. */
    Optional<PolicyText> managedPolicy(String policyArn);

    /** A service or resource control policy by ARN, read from the organization's management account. */
    Optional<PolicyText> organizationPolicy(String policyArn);

    /** The service control or resource control policies that apply to an account: its own, its OUs' and the root's. */
    List<PolicyText> organizationPolicies(String accountId, io.denywatch.contract.denial.PolicyType type);

    /** The identity-side policies of a user or role, with its boundary. */
    PrincipalPolicies principalPolicies(String principalArn);

    /** {@code sts:DecodeAuthorizationMessage}: the decoded JSON, or empty when AWS says the message is invalid. */
    Optional<String> decode(String encodedMessage);

    /**
     * {@code iam:SimulatePrincipalPolicy} for one action on its resources with the given context values.
     *
     * @return the simulator's answer
     */
    Simulation simulate(String principalArn, String action, List<String> resources, Map<String, String> context);

    /**
     * What the simulator answered.
     *
     * @param decision          {@code allowed}, {@code explicitDeny} or {@code implicitDeny}
     * @param matchedStatements the statements it named: policy id (ARN or name), type and the statement's text
     * @param missingContext    context keys the policies use that the simulation was not given
     */
    record Simulation(String decision, List<MatchedStatement> matchedStatements, List<String> missingContext) {
        public Simulation {
            matchedStatements = List.copyOf(matchedStatements);
            missingContext = List.copyOf(missingContext);
        }
    }

    /**
     * A statement the simulator names.
     *
     * @param sourcePolicyId   the policy's ARN or name, as the simulator gives it
     * @param sourcePolicyType the simulator's policy type ({@code IAM Policy}, {@code permissions boundary}, ...)
     * @param text             the statement's text, when it could be cut out of the policy
     */
    record MatchedStatement(String sourcePolicyId, String sourcePolicyType, String text) {
    }
}
