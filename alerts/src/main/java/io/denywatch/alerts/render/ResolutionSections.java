package io.denywatch.alerts.render;

import io.denywatch.alerts.incident.ResolutionWording;
import io.denywatch.contract.denial.Resolution;
import io.denywatch.contract.denial.StatementFinding;

import java.util.List;

/**
 * A lookup's answer as Block Kit sections: the summary, then each statement named — its Sid, policy and layer, what it
 * has to do with the call and why, its conditions with the values the record shows, and the statement itself — then
 * the lookup's notes.
 *
 * <p>Every value comes from a policy or an event and is escaped; each part has its own budget, so a statement's section
 * stays far below Slack's 3000 characters and the card below its 50 blocks.
 */
final class ResolutionSections {

    static final int MAX_STATEMENTS = 5;
    static final int MAX_CONDITIONS = 4;
    static final int MAX_NOTES = 3;
    static final int SUMMARY_MAX = 900;
    static final int ARN_MAX = 250;
    static final int SID_MAX = 120;
    static final int EXPLANATION_MAX = 500;
    static final int OPERATOR_MAX = 50;
    static final int KEY_MAX = 100;
    static final int CONDITION_VALUES_MAX = 120;
    static final int RECORD_VALUE_MAX = 120;
    static final int STATEMENT_JSON_MAX = 1500;
    static final int NOTE_MAX = 400;

    private ResolutionSections() {
    }

    static void addTo(Blocks blocks, Resolution resolution) {
        blocks.section("*" + SlackText.escape(ResolutionWording.headline(resolution)) + "* ("
                + SlackText.escape(ResolutionWording.method(resolution.method())) + ")\n"
                + SlackText.escape(resolution.summary(), SUMMARY_MAX));
        List<StatementFinding> statements = resolution.statements();
        for (int i = 0; i < statements.size() && i < MAX_STATEMENTS; i++) {
            StatementFinding finding = statements.get(i);
            blocks.section(statement(i + 1, finding));
            if (finding.statement() != null && !finding.statement().isNull()) {
                blocks.section(SlackText.codeBlock(finding.statement().toString(), STATEMENT_JSON_MAX));
            }
        }
        if (statements.size() > MAX_STATEMENTS) {
            blocks.context("_" + (statements.size() - MAX_STATEMENTS) + " more statements left out_");
        }
        List<String> notes = resolution.notes();
        if (!notes.isEmpty()) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < notes.size() && i < MAX_NOTES; i++) {
                text.append(i == 0 ? "" : "\n").append("\u2022 ").append(SlackText.escape(notes.get(i), NOTE_MAX));
            }
            blocks.context(text.toString());
        }
    }

    /** One statement: which, where, what it does to the call and why, then its conditions. */
    static String statement(int number, StatementFinding finding) {
        StringBuilder text = new StringBuilder()
                .append('*').append(number).append(". ").append(SlackText.code(ResolutionWording.sid(finding), SID_MAX))
                .append(' ').append(SlackText.escape(ResolutionWording.verdict(finding.verdict()))).append("*");
        if (finding.effect() != null) {
            text.append(" \u00b7 ").append(SlackText.escape(finding.effect(), 20));
        }
        text.append("\n*Policy:* ").append(finding.policyArn() == null ? "not named"
                        : SlackText.code(finding.policyArn(), ARN_MAX))
                .append(" (").append(SlackText.escape(ResolutionWording.policyType(finding))).append(')');
        if (finding.explanation() != null && !finding.explanation().isBlank()) {
            text.append('\n').append(SlackText.escape(finding.explanation(), EXPLANATION_MAX));
        }
        List<StatementFinding.ConditionCheck> conditions = finding.conditions();
        for (int i = 0; i < conditions.size() && i < MAX_CONDITIONS; i++) {
            text.append("\n\u2022 ").append(condition(conditions.get(i)));
        }
        if (conditions.size() > MAX_CONDITIONS) {
            text.append("\n\u2022 _and ").append(conditions.size() - MAX_CONDITIONS).append(" more conditions_");
        }
        return text.toString();
    }

    private static String condition(StatementFinding.ConditionCheck check) {
        String record = check.recordValue() == null ? "the record does not show it"
                : "the record shows " + SlackText.code(check.recordValue(), RECORD_VALUE_MAX);
        return SlackText.code(check.operator(), OPERATOR_MAX) + " " + SlackText.code(check.key(), KEY_MAX) + " "
                + SlackText.code(ResolutionWording.values(check.values()), CONDITION_VALUES_MAX) + " \u2014 " + record
                + ": " + SlackText.escape(ResolutionWording.conditionOutcome(check));
    }
}
