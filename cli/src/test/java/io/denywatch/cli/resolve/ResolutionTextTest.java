package io.denywatch.cli.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.denywatch.contract.denial.PolicyType;
import io.denywatch.contract.denial.Resolution;
import io.denywatch.contract.denial.StatementFinding;
import io.denywatch.contract.denial.StatementFinding.ConditionCheck;
import io.denywatch.contract.denial.StatementFinding.Verdict;

class ResolutionTextTest {

    private static final String ESC = "\u001b";

    @Test
    void aStatementIsShownWithItsPolicyVerdictWhyConditionsAndItself() throws Exception {
        StatementFinding deny = new StatementFinding("arn:aws:iam::111122223333:policy/guardrails",
                PolicyType.IDENTITY_BASED, "OfficeOnly", "Deny",
                new ObjectMapper().readTree("{\"Sid\":\"OfficeOnly\",\"Effect\":\"Deny\"}"), Verdict.DENIES,
                "Deny statement OfficeOnly matches s3:GetObject on arn:aws:s3:::reports/q4.csv",
                List.of(new ConditionCheck("NotIpAddress", "aws:SourceIp", List.of("192.0.2.0/24"), "203.0.113.7",
                        ConditionCheck.Outcome.HOLDS)));
        String text = ResolutionText.format(new Resolution(Resolution.Outcome.RESOLVED,
                Resolution.Method.POLICY_DOCUMENTS, "Refused by Deny statement OfficeOnly.", List.of(deny),
                List.of("The policy has two versions.")), "  ");

        assertEquals("""
                  looked up: Refused by Deny statement OfficeOnly.
                    from policy documents read from AWS
                    denies: Deny statement OfficeOnly in arn:aws:iam::111122223333:policy/guardrails (identity based)
                      Deny statement OfficeOnly matches s3:GetObject on arn:aws:s3:::reports/q4.csv
                      condition NotIpAddress aws:SourceIp 192.0.2.0/24: the call had 203.0.113.7 (holds)
                      {"Sid":"OfficeOnly","Effect":"Deny"}
                    note: The policy has two versions.
                """, text);
    }

    @Test
    void escapeSequencesFromAPolicyOrAnEventCannotDriveTheTerminal() {
        String hostile = "Evil" + ESC + "]0;pwned\u0007" + ESC + "[2J\u202e";
        StatementFinding finding = new StatementFinding(hostile, PolicyType.UNKNOWN, hostile, hostile,
                com.fasterxml.jackson.databind.node.TextNode.valueOf(hostile), Verdict.REPORTED_BY_AWS, hostile,
                List.of(new ConditionCheck(hostile, hostile, List.of(hostile), hostile,
                        ConditionCheck.Outcome.UNKNOWN)));
        String text = ResolutionText.format(new Resolution(Resolution.Outcome.RESOLVED, Resolution.Method.SIMULATED,
                hostile, List.of(finding), List.of(hostile)), "");

        assertFalse(text.contains(ESC), text);
        assertFalse(text.contains("\u0007"), text);
        assertFalse(text.contains("\u202e"), text);
        assertTrue(text.contains("Evil\\x1b]0;pwned\\x07\\x1b[2J\\u202e"), text);
        assertTrue(text.contains("simulated, not the original decision"), text);
    }
}
