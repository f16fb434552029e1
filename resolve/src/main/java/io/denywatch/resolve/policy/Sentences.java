package io.denywatch.resolve.policy;

import java.util.List;

import io.denywatch.contract.denial.StatementFinding.ConditionCheck;
import io.denywatch.resolve.Call;

/** The pieces every explanation is made of, so that all of them name calls, elements and conditions alike. */
final class Sentences {

    /** Lists longer than this are cut, so a sentence stays a sentence. */
    private static final int LISTED_AT_MOST = 4;

    private Sentences() {
    }

    /** {@code s3:PutObject on arn:aws:s3:::b/k}, or {@code iam:ListUsers, which names no resource}. */
    static String call(Call call) {
        return call.resource() == null
                ? call.action() + ", which names no resource"
                : call.action() + " on " + call.resource();
    }

    /** {@code (Action s3:Put*, Resource arn:aws:s3:::prod-* /*)}. */
    static String elements(StatementEvaluation evaluation) {
        return "(" + evaluation.action().clause() + ", " + evaluation.resource().clause() + ")";
    }

    /** {@code StringEquals aws:RequestedRegion [eu-west-1, eu-central-1]}. */
    static String condition(ConditionCheck check) {
        return check.operator() + " " + check.key() + " [" + list(check.values()) + "]";
    }

    static String list(List<String> values) {
        if (values.size() <= LISTED_AT_MOST) {
            return String.join(", ", values);
        }
        return String.join(", ", values.subList(0, LISTED_AT_MOST)) + " and " + (values.size() - LISTED_AT_MOST)
                + " more";
    }

    static String statement(PolicyStatement statement) {
        return statement.effect() + " statement " + statement.label();
    }
}
