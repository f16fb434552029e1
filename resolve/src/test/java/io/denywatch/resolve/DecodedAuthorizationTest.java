package io.denywatch.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.denywatch.contract.denial.StatementFinding;

/** The decoded message in the shape STS returns it (DecodeAuthorizationMessage, EC2 troubleshooting guide). */
class DecodedAuthorizationTest {

    static final String EXPLICIT = """
            {"allowed":false,"explicitDeny":true,
             "matchedStatements":{"items":[{"statementId":"DenyLargeInstances","effect":"DENY",
               "principals":{"items":[{"value":"AROAEXAMPLEID"}]},"principalGroups":{"items":[]},
               "actions":{"items":[{"value":"ec2:RunInstances"}]},"resources":{"items":[{"value":"*"}]},
               "conditions":{"items":[{"key":"ec2:InstanceType","values":{"items":[{"value":"m5.24xlarge"}]}}]}}]},
             "failures":{"items":[]},
             "context":{"principal":{"id":"AROAEXAMPLEID:dev","arn":"arn:aws:sts::111122223333:assumed-role/Dev/dev"},
               "action":"ec2:RunInstances","resource":"arn:aws:ec2:us-east-1:111122223333:instance/*",
               "conditions":{"items":[{"key":"ec2:InstanceType","values":{"items":[{"value":"m5.24xlarge"}]}},
                                      {"key":"aws:Region","values":{"items":[{"value":"us-east-1"}]}}]}}}
            """;

    static final String IMPLICIT = """
            {"allowed":false,"explicitDeny":false,"matchedStatements":{"items":[]},"failures":{"items":[]},
             "context":{"principal":{"id":"AROAEXAMPLEID:dev","arn":"arn:aws:sts::111122223333:assumed-role/Dev/dev"},
               "action":"ec2:RunInstances","resource":"arn:aws:ec2:us-east-1:111122223333:volume/*",
               "conditions":{"items":[{"key":"aws:Region","values":{"items":[{"value":"us-east-1"}]}}]}}}
            """;

    @Test
    void anExplicitDenyNamesItsStatementAndKeepsItWhole() {
        DecodedAuthorization decoded = DecodedAuthorization.parse(EXPLICIT);
        assertFalse(decoded.allowed());
        assertTrue(decoded.explicitDeny());
        assertEquals(1, decoded.statements().size());
        StatementFinding statement = decoded.statements().get(0);
        assertEquals("DenyLargeInstances", statement.sid());
        assertEquals("Deny", statement.effect());
        assertEquals(StatementFinding.Verdict.REPORTED_BY_AWS, statement.verdict());
        assertEquals("m5.24xlarge", statement.statement().at("/conditions/items/0/values/items/0/value").asText());
        assertEquals(Map.of("ec2:InstanceType", "m5.24xlarge", "aws:Region", "us-east-1"), decoded.context());
    }

    @Test
    void anImplicitDenyNamesNoStatementButGivesTheContextAwsEvaluated() {
        DecodedAuthorization decoded = DecodedAuthorization.parse(IMPLICIT);
        assertFalse(decoded.explicitDeny());
        assertTrue(decoded.statements().isEmpty());
        assertEquals(Map.of("aws:Region", "us-east-1"), decoded.context());
    }

    @Test
    void somethingElseIsReportedNotGuessed() {
        assertThrows(RuntimeException.class, () -> DecodedAuthorization.parse("not json"));
        assertThrows(IllegalArgumentException.class, () -> DecodedAuthorization.parse("[1,2]"));
    }
}
