package io.denywatch.resolve.policy;

import java.util.ArrayList;
import java.util.List;

import io.denywatch.contract.denial.StatementFinding;
import io.denywatch.contract.denial.StatementFinding.ConditionCheck.Outcome;
import io.denywatch.contract.denial.StatementFinding.Verdict;
import io.denywatch.resolve.Call;

/** Turns an evaluated statement into a finding, with the sentence that says why it matters to the call. */
final class FindingWriter {

    private FindingWriter() {
    }

    static StatementFinding finding(StatementEvaluation evaluation, Verdict verdict, String explanation) {
        PolicyStatement statement = evaluation.statement();
        return new StatementFinding(statement.policy().arn(), statement.policy().type(), statement.sid(),
                statement.effect(), statement.json(), verdict, explanation, evaluation.checks());
    }

    /** A Deny whose action and resource match: DENIES, or MAY_DENY when something cannot be settled. */
    static StatementFinding deny(StatementEvaluation evaluation, Call call) {
        if (evaluation.applies() == Match.YES) {
            String explanation = Sentences.statement(evaluation.statement()) + " matches " + Sentences.call(call)
                    + " " + Sentences.elements(evaluation) + holdingConditions(evaluation);
            return finding(evaluation, Verdict.DENIES, explanation);
        }
        String explanation = Sentences.statement(evaluation.statement()) + " may refuse " + Sentences.call(call)
                + " " + Sentences.elements(evaluation) + ", but the record cannot settle it: "
                + String.join("; ", unsettled(evaluation));
        return finding(evaluation, Verdict.MAY_DENY, explanation);
    }

    /** An Allow that covers the call, with what the record cannot settle about it. */
    static StatementFinding allow(StatementEvaluation evaluation, Call call) {
        String explanation = Sentences.statement(evaluation.statement()) + " allows " + Sentences.call(call) + " "
                + Sentences.elements(evaluation) + holdingConditions(evaluation);
        if (evaluation.applies() == Match.UNSETTLED) {
            explanation += ", unless what the record cannot settle says otherwise: "
                    + String.join("; ", unsettled(evaluation));
        }
        return finding(evaluation, Verdict.ALLOWS, explanation);
    }

    private static String holdingConditions(StatementEvaluation evaluation) {
        List<String> holding = evaluation.withOutcome(Outcome.HOLDS).stream()
                .map(c -> Sentences.condition(c.check()) + " holds for " + c.check().recordValue())
                .toList();
        if (holding.isEmpty()) {
            return "";
        }
        return (holding.size() == 1 ? ", and its condition " : ", and its conditions ") + String.join(", ", holding);
    }

    /** What keeps a statement from being settled: variables in its Resource and conditions it cannot check. */
    static List<String> unsettled(StatementEvaluation evaluation) {
        List<String> reasons = new ArrayList<>();
        ElementMatch resource = evaluation.resource();
        if (resource.match() == Match.UNSETTLED) {
            reasons.add("its " + resource.element() + " uses " + String.join(", ", resource.unknownVariables())
                    + ", which the record does not show");
        }
        for (ConditionEvaluator.Evaluated condition : evaluation.withOutcome(Outcome.UNKNOWN)) {
            reasons.add("its condition " + Sentences.condition(condition.check()) + " cannot be checked: "
                    + condition.whyUnknown());
        }
        return reasons;
    }
}
