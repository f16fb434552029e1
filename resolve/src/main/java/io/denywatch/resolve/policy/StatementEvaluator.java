package io.denywatch.resolve.policy;

import java.util.ArrayList;
import java.util.List;

import io.denywatch.resolve.Call;
import software.amazon.awssdk.policybuilder.iam.IamAction;
import software.amazon.awssdk.policybuilder.iam.IamResource;
import software.amazon.awssdk.policybuilder.iam.IamStatement;

/**
 * Holds one statement's Action/NotAction, Resource/NotResource and Condition elements against a call.
 *
 * <ul>
 *   <li>Action: {@code service:Action} patterns with {@code *} and {@code ?}, not case-sensitive; NotAction matches
 *       every action it does not list ("IAM JSON policy elements: Action", "... NotAction").</li>
 *   <li>Resource: ARN patterns with {@code *} and {@code ?}, case-sensitive, with policy variables filled in from the
 *       record; NotResource matches every resource it does not list ("IAM JSON policy elements: Resource", "...
 *       NotResource"; "IAM policy elements: Variables and tags"). A variable the record does not show leaves the
 *       element unsettled. The call is matched on its first, most specific resource: the one its action is
 *       authorized on (an object for {@code s3:PutObject}, not its bucket). A call that names no resource is matched
 *       only by {@code "*"} and by NotResource.</li>
 *   <li>Condition: see {@link ConditionEvaluator}.</li>
 * </ul>
 * Principal and NotPrincipal are not matched: the policies handed in are those that govern the call's principal.
 */
final class StatementEvaluator {

    private final ConditionEvaluator conditions = new ConditionEvaluator();

    StatementEvaluation evaluate(PolicyStatement statement, Call call, RequestContext context) {
        IamStatement model = statement.model();
        return new StatementEvaluation(statement, action(model, call.action()),
                resource(model, call.resource(), context), conditions.evaluate(model.conditions(), context));
    }

    static ElementMatch action(IamStatement model, String action) {
        boolean negative = model.actions().isEmpty() && !model.notActions().isEmpty();
        List<String> listed = (negative ? model.notActions() : model.actions()).stream()
                .map(IamAction::value).toList();
        String matchedBy = null;
        for (String pattern : listed) {
            if (WildcardPattern.glob(pattern.trim()).matches(action, true)) {
                matchedBy = pattern;
                break;
            }
        }
        if (negative) {
            return new ElementMatch("NotAction", listed, Match.of(matchedBy == null), null, List.of());
        }
        return new ElementMatch("Action", listed, Match.of(matchedBy != null), matchedBy, List.of());
    }

    static ElementMatch resource(IamStatement model, String resource, RequestContext context) {
        boolean negative = model.resources().isEmpty() && !model.notResources().isEmpty();
        List<String> listed = (negative ? model.notResources() : model.resources()).stream()
                .map(IamResource::value).toList();
        if (listed.isEmpty()) {
            return new ElementMatch("Resource", listed, Match.YES, null, List.of());
        }
        if (resource == null) {
            return withoutResource(negative, listed);
        }
        Match any = Match.NO;
        String matchedBy = null;
        List<String> unknown = new ArrayList<>();
        for (String pattern : listed) {
            PolicyVariables.Filled filled = PolicyVariables.fill(pattern.trim(), context);
            Match one = filled.settled() ? Match.of(filled.pattern().matches(resource, false)) : Match.UNSETTLED;
            unknown.addAll(filled.unknownVariables());
            if (one == Match.YES && matchedBy == null) {
                matchedBy = pattern;
            }
            any = any.or(one);
        }
        if (negative) {
            return new ElementMatch("NotResource", listed, any.not(), null,
                    any == Match.UNSETTLED ? unknown : List.of());
        }
        return new ElementMatch("Resource", listed, any, matchedBy, any == Match.UNSETTLED ? unknown : List.of());
    }

    /**
     * A record that names no resource: many leave it out even for actions authorized per resource, so only what
     * holds for every resource is settled ({@code "*"} matches, a NotResource of {@code "*"} does not); anything else
     * cannot be told.
     */
    private static ElementMatch withoutResource(boolean negative, List<String> listed) {
        boolean everything = listed.stream().anyMatch(pattern -> pattern.trim().equals("*"));
        if (negative) {
            return new ElementMatch("NotResource", listed, everything ? Match.NO : Match.UNSETTLED, null, List.of());
        }
        return new ElementMatch("Resource", listed, everything ? Match.YES : Match.UNSETTLED,
                everything ? "*" : null, List.of());
    }
}
