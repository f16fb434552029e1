package io.denywatch.resolve.aws;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import io.denywatch.resolve.PolicySource.MatchedStatement;
import io.denywatch.resolve.PolicySource.Simulation;
import io.denywatch.resolve.PolicyText;
import io.denywatch.resolve.PrincipalPolicies;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EvaluationResult;
import software.amazon.awssdk.services.iam.model.ResourceSpecificResult;
import software.amazon.awssdk.services.iam.model.Statement;

/**
 * {@code iam:SimulatePrincipalPolicy}
 * (<a href="https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html">API</a>) for one
 * action, and its answer as a {@link Simulation}: the strictest decision over the resources, every statement named
 * (with its text when it can be cut out of the principal's policies) and every context key the policies wanted.
 */
final class PolicySimulator {

    private PolicySimulator() {
    }

    /**
     * @param policies the principal's policies, read only when the simulator names a statement with a position
     */
    static Simulation simulate(IamClient iam, Supplier<PrincipalPolicies> policies, String principalArn,
                               String action, List<String> resources, Map<String, String> context) {
        List<EvaluationResult> results = Refusals.translate("iam:SimulatePrincipalPolicy", () -> iam
                .simulatePrincipalPolicyPaginator(r -> {
                    r.policySourceArn(principalArn).actionNames(action)
                            .contextEntries(SimulationContext.entries(context));
                    if (!resources.isEmpty()) {
                        r.resourceArns(resources);
                    }
                }).evaluationResults().stream().toList());
        String decision = results.isEmpty() ? "implicitDeny" : "allowed";
        for (EvaluationResult result : results) {
            decision = stricter(decision, result.evalDecisionAsString());
        }
        // Only the statements behind the decision reported: an allowed resource's Allows do not explain a deny.
        Set<Statement> statements = new LinkedHashSet<>();
        Set<String> missing = new LinkedHashSet<>();
        Boolean organizations = null;
        Boolean boundary = null;
        for (EvaluationResult result : results) {
            missing.addAll(result.missingContextValues());
            if (result.organizationsDecisionDetail() != null
                    && result.organizationsDecisionDetail().allowedByOrganizations() != null) {
                organizations = both(organizations, result.organizationsDecisionDetail().allowedByOrganizations());
            }
            if (result.permissionsBoundaryDecisionDetail() != null
                    && result.permissionsBoundaryDecisionDetail().allowedByPermissionsBoundary() != null) {
                boundary = both(boundary,
                        result.permissionsBoundaryDecisionDetail().allowedByPermissionsBoundary());
            }
            if (result.resourceSpecificResults().isEmpty()) {
                if (decision.equals(result.evalDecisionAsString())) {
                    statements.addAll(result.matchedStatements());
                }
            }
            for (ResourceSpecificResult specific : result.resourceSpecificResults()) {
                missing.addAll(specific.missingContextValues());
                if (decision.equals(specific.evalResourceDecisionAsString())) {
                    statements.addAll(specific.matchedStatements());
                }
            }
        }
        PrincipalPolicies read = statements.isEmpty() ? null : policies.get();
        List<MatchedStatement> matched = new ArrayList<>();
        for (Statement statement : statements) {
            Optional<PolicyText> policy = source(read, statement);
            String text = statement.startPosition() == null || statement.endPosition() == null ? null
                    : policy.flatMap(p -> StatementCutter.cut(p.document(), statement.startPosition().line(),
                    statement.startPosition().column(), statement.endPosition().line(),
                    statement.endPosition().column())).orElse(null);
            matched.add(new MatchedStatement(policy.map(PolicyText::arn).orElse(statement.sourcePolicyId()),
                    statement.sourcePolicyTypeAsString(), text));
        }
        return new Simulation(decision, matched, List.copyOf(missing), organizations, boundary);
    }

    /** Allowed only if allowed for every resource. */
    private static Boolean both(Boolean so, boolean next) {
        return so == null ? next : so && next;
    }

    /** explicitDeny over implicitDeny over allowed: a deny for one resource refuses the call. */
    private static String stricter(String a, String b) {
        return rank(b) > rank(a) ? b : a;
    }

    private static int rank(String decision) {
        return switch (decision == null ? "" : decision) {
            case "allowed" -> 0;
            case "explicitDeny" -> 2;
            default -> 1;
        };
    }

    /**
     * The policy a statement comes from. {@code SourcePolicyId} is the policy's name; {@code SourcePolicyType} says
     * whose: {@code user}, {@code group} or {@code role} for an inline policy of that kind, {@code aws-managed} or
     * {@code user-managed} for a managed one
     * (<a href="https://docs.aws.amazon.com/IAM/latest/APIReference/API_Statement.html">Statement</a>).
     */
    static Optional<PolicyText> source(PrincipalPolicies policies, Statement statement) {
        String id = statement.sourcePolicyId();
        String type = statement.sourcePolicyTypeAsString();
        if (id == null || type == null) {
            return Optional.empty();
        }
        List<PolicyText> candidates = new ArrayList<>(policies.identity());
        if (policies.boundary() != null) {
            candidates.add(policies.boundary());
        }
        return candidates.stream().filter(p -> id.equals(p.name()) || id.equals(p.arn())).filter(p -> switch (type) {
            case "user", "group", "role" -> p.arn().contains("#") && p.arn().contains(":" + type + "/");
            case "aws-managed", "user-managed" -> !p.arn().contains("#");
            default -> false;
        }).findFirst();
    }
}
