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

    /**
     * {@code sts:DecodeAuthorizationMessage} in the account the refused call was made from (through its reader role
     * when it is another than the caller's own): the decoded JSON, or empty when AWS says the message is invalid.
     *
     * @param accountId the caller's account, or null for the caller's own
     */
    Optional<String> decode(String encodedMessage, String accountId);

    /**
     * {@code iam:SimulatePrincipalPolicy} for one action on its resources (the denial's own resource: a call judged
     * on every ARN in its record would be refused for the wrong one) with the given context values.
     *
     * @return the simulator's answer
     */
    Simulation simulate(String principalArn, String action, List<String> resources, Map<String, String> context);

    /**
     * What the simulator answered.
     *
     * @param decision               {@code allowed}, {@code explicitDeny} or {@code implicitDeny}
     * @param matchedStatements      the statements that determine the decision: the policy (its ARN when it could be
     *                               told, else the simulator's id), the simulator's type and the statement's text
     * @param missingContext         context keys the policies use that the simulation was not given
     * @param allowedByOrganizations whether the organization's SCPs allowed the call, when the simulator says
     *                               ({@code OrganizationsDecisionDetail}); null when it does not
     * @param allowedByBoundary      whether the permissions boundary allowed it, when the simulator says
     *                               ({@code PermissionsBoundaryDecisionDetail}); null when it does not
     */
    record Simulation(String decision, List<MatchedStatement> matchedStatements, List<String> missingContext,
                      Boolean allowedByOrganizations, Boolean allowedByBoundary) {
        public Simulation {
            matchedStatements = List.copyOf(matchedStatements);
            missingContext = List.copyOf(missingContext);
        }

        /** An answer without the organization's or the boundary's part of the decision. */
        public Simulation(String decision, List<MatchedStatement> matchedStatements, List<String> missingContext) {
            this(decision, matchedStatements, missingContext, null, null);
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
