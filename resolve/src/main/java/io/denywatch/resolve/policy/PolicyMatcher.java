package io.denywatch.resolve.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.denywatch.contract.denial.StatementFinding;
import io.denywatch.resolve.Call;
import io.denywatch.resolve.PolicyText;

/**
 * Matches policy documents against a refused call and names the statements that matter: the Denies that refuse it,
 * the Allows that cover it, or the Allow that comes nearest. Pure: reads nothing but its arguments, logs nothing.
 * Documents are parsed with the SDK's IAM policy model; see {@link StatementEvaluator} for the matching rules and
 * {@link ConditionEvaluator} for what is reported as unknown.
 *
 * <p>Every method throws {@link IllegalArgumentException} naming the policy (never quoting it) when a document is not
 * a policy IAM would accept.
 */
public final class PolicyMatcher {

    private final StatementEvaluator evaluator = new StatementEvaluator();
    private final NearestAllowFinder nearest = new NearestAllowFinder();

    public PolicyMatcher() {
    }

    /**
     * Deny statements of the policy whose Action/NotAction and Resource/NotResource match the call, in document order.
     * DENIES when every condition holds or there are none; MAY_DENY when a condition or a policy variable cannot be
     * settled from the record; left out when a condition certainly does not hold.
     */
    public List<StatementFinding> denyingStatements(PolicyText policy, Call call) {
        RequestContext context = RequestContext.of(call);
        List<StatementFinding> findings = new ArrayList<>();
        for (PolicyStatement statement : PolicyDocuments.statements(policy)) {
            if (statement.isDeny()) {
                StatementEvaluation evaluation = evaluator.evaluate(statement, call, context);
                if (evaluation.applies() != Match.NO) {
                    findings.add(FindingWriter.deny(evaluation, call));
                }
            }
        }
        return findings;
    }

    /**
     * Allow statements across the policies that cover the call: action and resource match, and no condition certainly
     * fails. Verdict ALLOWS; the explanation names what the record cannot settle, if anything.
     */
    public List<StatementFinding> allowingStatements(List<PolicyText> policies, Call call) {
        RequestContext context = RequestContext.of(call);
        return allows(policies, call, context).stream()
                .filter(evaluation -> evaluation.applies() != Match.NO)
                .map(evaluation -> FindingWriter.allow(evaluation, call))
                .toList();
    }

    /**
     * When no Allow covers the call, the nearest Allow, verdict NEAREST_ALLOW, whose explanation says why it misses;
     * empty when some Allow covers the call or no Allow is for the call's service at all. How "nearest" is scored:
     * {@link NearestAllowFinder}.
     */
    public Optional<StatementFinding> nearestAllow(List<PolicyText> policies, Call call) {
        RequestContext context = RequestContext.of(call);
        return nearest.nearest(allows(policies, call, context), call, context);
    }

    private List<StatementEvaluation> allows(List<PolicyText> policies, Call call, RequestContext context) {
        List<StatementEvaluation> allows = new ArrayList<>();
        for (PolicyText policy : policies) {
            for (PolicyStatement statement : PolicyDocuments.statements(policy)) {
                if (statement.isAllow()) {
                    allows.add(evaluator.evaluate(statement, call, context));
                }
            }
        }
        return allows;
    }
}
