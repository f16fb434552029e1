package io.denywatch.resolve.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.denywatch.contract.denial.StatementFinding.ConditionCheck;
import io.denywatch.contract.denial.StatementFinding.ConditionCheck.Outcome;
import io.denywatch.resolve.Call;
import software.amazon.awssdk.policybuilder.iam.IamPolicy;

class ConditionEvaluatorTest {

    private final ConditionEvaluator evaluator = new ConditionEvaluator();

    private Outcome outcome(String operator, String key, List<String> values, Map<String, String> record) {
        Call call = Calls.call("s3:GetObject").build();
        Call withRecord = new Call(call.principalArn(), call.principalType(), call.callerAccount(),
                call.resourceAccount(), null, call.action(), call.resources(), call.denyKind(), call.policyType(),
                null, null, null, record);
        return evaluator.evaluate(operator, key, values, RequestContext.of(withRecord)).check().outcome();
    }

    private Outcome outcome(String operator, String policyValue, String recordValue) {
        return outcome(operator, "k", List.of(policyValue), Map.of("k", recordValue));
    }

    @ParameterizedTest(name = "{0} {1} against {2} -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            StringEquals              | prod                 | prod                 | HOLDS
            StringEquals              | prod                 | Prod                 | DOES_NOT_HOLD
            StringEquals              | pro*                 | prod                 | DOES_NOT_HOLD
            StringNotEquals           | prod                 | dev                  | HOLDS
            StringEqualsIgnoreCase    | prod                 | PROD                 | HOLDS
            StringNotEqualsIgnoreCase | prod                 | PROD                 | DOES_NOT_HOLD
            StringLike                | team-*-?             | team-data-1          | HOLDS
            StringLike                | team-*-?             | team-data-12         | DOES_NOT_HOLD
            StringLike                | Team-*               | team-data            | DOES_NOT_HOLD
            StringNotLike             | team-*               | ops                  | HOLDS
            ArnLike                   | arn:aws:iam::*:role/ci-* | arn:aws:iam::111122223333:role/ci-build | HOLDS
            ArnEquals                 | arn:aws:iam::*:role/ci-* | arn:aws:iam::111122223333:role/ci-build | HOLDS
            ArnLike                   | arn:aws:iam::1*:role/c? | arn:aws:iam::111122223333:role/ci       | HOLDS
            ArnLike                   | arn:aws:*:*:*:role/ci   | arn:aws:iam::111122223333:role/ci       | HOLDS
            ArnLike                   | arn:aws:iam::*          | arn:aws:iam::111122223333:role/ci       | UNKNOWN
            ArnLike                   | arn:aws:iam::*:*        | not-an-arn                              | DOES_NOT_HOLD
            ArnLike                   | arn:aws:s3:::b*         | arn:aws:s3:::b:extra                    | HOLDS
            ArnLike                   | arn:*:iam::*:role/ci    | arn:aws:iam::111122223333:role/x:ci     | DOES_NOT_HOLD
            ArnNotLike                | arn:aws:iam::*:role/ci-* | arn:aws:iam::111122223333:role/admin   | HOLDS
            ArnNotEquals              | arn:aws:iam::*:role/ci-* | arn:aws:iam::111122223333:role/ci-x    | DOES_NOT_HOLD
            Bool                      | true                 | TRUE                 | HOLDS
            Bool                      | false                | true                 | DOES_NOT_HOLD
            Bool                      | false                | yes                  | UNKNOWN
            IpAddress                 | 10.0.0.0/8           | 10.200.3.4           | HOLDS
            IpAddress                 | 10.0.0.0/8           | 11.0.0.1             | DOES_NOT_HOLD
            IpAddress                 | 203.0.113.5          | 203.0.113.5          | HOLDS
            IpAddress                 | 2001:db8::/32        | 2001:db8:ffff::1     | HOLDS
            IpAddress                 | 2001:db8::/32        | 2001:db9::1          | DOES_NOT_HOLD
            IpAddress                 | 10.0.0.0/8           | 2001:db8::1          | DOES_NOT_HOLD
            IpAddress                 | 10.0.0.0/8           | AWS Internal         | UNKNOWN
            IpAddress                 | 10.0.0.0/8           | example.com          | UNKNOWN
            NotIpAddress              | 10.0.0.0/8           | 11.0.0.1             | HOLDS
            NumericLessThan           | 10                   | 9.5                  | HOLDS
            NumericLessThan           | 10                   | 10                   | DOES_NOT_HOLD
            NumericLessThanEquals     | 10                   | 10                   | HOLDS
            NumericGreaterThan        | 3600                 | 7200                 | HOLDS
            NumericGreaterThanEquals  | 3600                 | 3599                 | DOES_NOT_HOLD
            NumericEquals             | 1                    | 1.0                  | HOLDS
            NumericNotEquals          | 1                    | 2                    | HOLDS
            NumericEquals             | 1                    | one                  | UNKNOWN
            DateLessThan              | 2026-01-01T00:00:00Z | 2025-12-31T23:59:59Z | HOLDS
            DateGreaterThan           | 2026-01-01T00:00:00Z | 2025-12-31T23:59:59Z | DOES_NOT_HOLD
            DateGreaterThanEquals     | 2026-01-01           | 2026-01-01T00:00:00Z | HOLDS
            DateEquals                | 1767225600           | 2026-01-01T00:00:00Z | HOLDS
            DateNotEquals             | 2026-01-01T00:00:00Z | 2026-01-01T01:00:00+01:00 | DOES_NOT_HOLD
            DateLessThanEquals        | 2026-01-01T00:00:00Z | soon                 | UNKNOWN
            StringEqualsIfExists      | prod                 | dev                  | DOES_NOT_HOLD
            ForAnyValue:StringEquals  | prod                 | prod                 | HOLDS
            ForAllValues:StringLike   | team-*               | ops                  | DOES_NOT_HOLD
            ForAnyValue:StringNotEqualsIgnoreCase | prod     | PROD                 | DOES_NOT_HOLD
            BinaryEquals              | QmluYXJ5             | QmluYXJ5             | UNKNOWN
            StringSoundsLike          | prod                 | prod                 | UNKNOWN
            """)
    void oneValueAgainstTheRecord(String operator, String policyValue, String recordValue, Outcome expected) {
        assertEquals(expected, outcome(operator, policyValue, recordValue));
    }

    @Test
    void valuesOfOneKeyAreOredAndNegatedOperatorsNorThem() {
        List<String> envs = List.of("prod", "staging");

        assertEquals(Outcome.HOLDS, outcome("StringEquals", "k", envs, Map.of("k", "staging")));
        assertEquals(Outcome.DOES_NOT_HOLD, outcome("StringEquals", "k", envs, Map.of("k", "dev")));
        assertEquals(Outcome.DOES_NOT_HOLD, outcome("StringNotEquals", "k", envs, Map.of("k", "staging")));
        assertEquals(Outcome.HOLDS, outcome("StringNotEquals", "k", envs, Map.of("k", "dev")));
        assertEquals(Outcome.DOES_NOT_HOLD, outcome("NotIpAddress", "k", List.of("10.0.0.0/8", "192.0.2.0/24"),
                Map.of("k", "192.0.2.9")));
    }

    @Test
    void aKeyTheRecordDoesNotShowSettlesNothingWhateverTheOperator() {
        for (String operator : List.of("StringEquals", "StringNotEquals", "StringEqualsIfExists",
                "ForAllValues:StringEquals", "Null", "BoolIfExists")) {
            assertEquals(Outcome.UNKNOWN, outcome(operator, "aws:SourceVpce", List.of("true"), Map.of()), operator);
        }
    }

    @Test
    void nullIsSettledWhenTheRecordShowsTheKey() {
        assertEquals(Outcome.DOES_NOT_HOLD, outcome("Null", "aws:TokenIssueTime", List.of("true"),
                Map.of("aws:TokenIssueTime", "2026-01-01T00:00:00Z")));
        assertEquals(Outcome.HOLDS, outcome("Null", "aws:TokenIssueTime", List.of("false"),
                Map.of("aws:TokenIssueTime", "2026-01-01T00:00:00Z")));
    }

    @Test
    void conditionKeysAreLookedUpWithoutRegardToCase() {
        assertEquals(Outcome.HOLDS, outcome("StringEquals", "AWS:RequestedRegion", List.of("eu-west-1"),
                Map.of("aws:requestedregion", "eu-west-1")));
    }

    @Test
    void variablesAreFilledInStringAndArnValuesAndUnknownOnesSettleNothing() {
        Map<String, String> record = Map.of("aws:PrincipalTag/team", "data", "s3:prefix", "home/data/",
                "aws:SourceArn", "arn:aws:sns:eu-west-1:111122223333:data-events");

        assertEquals(Outcome.HOLDS, outcome("StringLike", "s3:prefix", List.of("home/${aws:PrincipalTag/team}/*"),
                record));
        assertEquals(Outcome.HOLDS, outcome("ArnLike", "aws:SourceArn",
                List.of("arn:aws:sns:*:111122223333:${aws:PrincipalTag/team}-*"), record));
        assertEquals(Outcome.UNKNOWN, outcome("StringLike", "s3:prefix", List.of("home/${aws:username}/*"),
                record));
        // One value that holds settles the OR even when another cannot be filled in.
        assertEquals(Outcome.HOLDS, outcome("StringLike", "s3:prefix",
                List.of("home/${aws:username}/*", "home/data/*"), record));
    }

    @Test
    void aListOfValuesIsGroupedBackIntoOneCheckPerOperatorAndKey() {
        IamPolicy policy = IamPolicy.fromJson("""
                {"Statement":{"Effect":"Deny","Action":"*","Resource":"*","Condition":{
                  "StringEquals":{"aws:RequestedRegion":["eu-west-1","eu-central-1"],"aws:PrincipalAccount":"1"},
                  "Bool":{"aws:SecureTransport":false}}}}""");
        Call call = Calls.call("s3:GetObject").with("aws:SecureTransport", "false").build();

        List<ConditionCheck> checks = evaluator.evaluate(policy.statements().get(0).conditions(),
                RequestContext.of(call)).stream().map(ConditionEvaluator.Evaluated::check).toList();

        assertEquals(List.of(
                new ConditionCheck("StringEquals", "aws:RequestedRegion", List.of("eu-west-1", "eu-central-1"),
                        "eu-west-1", Outcome.HOLDS),
                new ConditionCheck("StringEquals", "aws:PrincipalAccount", List.of("1"), Calls.ACCOUNT,
                        Outcome.DOES_NOT_HOLD),
                new ConditionCheck("Bool", "aws:SecureTransport", List.of("false"), "false", Outcome.HOLDS)),
                checks);
    }

    @Test
    void anOperatorNotEvaluatedSaysSo() {
        Call call = Calls.call("s3:GetObject").with("k", "v").build();

        ConditionEvaluator.Evaluated evaluated = evaluator.evaluate("BinaryEquals", "k", List.of("dg=="),
                RequestContext.of(call));

        assertTrue(evaluated.whyUnknown().contains("BinaryEquals"), evaluated.whyUnknown());
    }
}
