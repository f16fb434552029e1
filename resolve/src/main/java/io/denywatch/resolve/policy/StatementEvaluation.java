package io.denywatch.resolve.policy;

import java.util.List;

import io.denywatch.contract.denial.StatementFinding.ConditionCheck;
import io.denywatch.contract.denial.StatementFinding.ConditionCheck.Outcome;

/**
 * One statement held against one call: each element's match and each condition's check.
 *
 * @param statement  the statement
 * @param action     its Action or NotAction against the call's action
 * @param resource   its Resource or NotResource against the call's resource
 * @param conditions its conditions, one per operator and key
 */
record StatementEvaluation(PolicyStatement statement, ElementMatch action, ElementMatch resource,
                           List<ConditionEvaluator.Evaluated> conditions) {

    StatementEvaluation {
        conditions = List.copyOf(conditions);
    }

    /** All conditions ANDed: one that certainly fails decides, then one that cannot be settled. */
    Match conditionsMatch() {
        Match all = Match.YES;
        for (ConditionEvaluator.Evaluated condition : conditions) {
            all = all.and(switch (condition.check().outcome()) {
                case HOLDS -> Match.YES;
                case DOES_NOT_HOLD -> Match.NO;
                case UNKNOWN -> Match.UNSETTLED;
            });
        }
        return all;
    }

    /** Whether the statement applies to the call: action, resource and conditions together. */
    Match applies() {
        return action.match().and(resource.match()).and(conditionsMatch());
    }

    List<ConditionCheck> checks() {
        return conditions.stream().map(ConditionEvaluator.Evaluated::check).toList();
    }

    List<ConditionEvaluator.Evaluated> withOutcome(Outcome outcome) {
        return conditions.stream().filter(c -> c.check().outcome() == outcome).toList();
    }
}
