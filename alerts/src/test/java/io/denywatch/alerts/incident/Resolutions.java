package io.denywatch.alerts.incident;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.denywatch.common.json.Json;
import io.denywatch.contract.denial.PolicyType;
import io.denywatch.contract.denial.Resolution;
import io.denywatch.contract.denial.StatementFinding;

import java.util.List;

/** Lookup answers for tests: the statement behind the representative incident, and the same with hostile values. */
public final class Resolutions {

    public static final String SID = "DenyUnencryptedReleaseUploads";
    public static final String SUMMARY = "Statement DenyUnencryptedReleaseUploads of SCP p-deny0001 denies s3:PutObject"
            + " unless the upload asks for SSE-KMS; the record shows AES256.";

    private Resolutions() {
    }

    /** The SCP statement that denied the CI role's uploads, with its condition and the value the record shows. */
    public static Resolution scpDeny() {
        return withValues(SID, Incidents.SCP_ARN, SUMMARY,
                "Matches s3:PutObject on arn:aws:s3:::releases-bucket/builds/app.tar.gz.", "aws:kms", "AES256",
                "The simulator was not needed.");
    }

    /** An answer with nothing to say: the lookup failed. */
    public static Resolution failed() {
        return new Resolution(Resolution.Outcome.LOOKUP_FAILED, Resolution.Method.NONE, "The lookup timed out.",
                List.of(), List.of());
    }

    /** Every value that comes from a policy or an event carries {@code payload}. */
    public static Resolution hostile(String payload) {
        return withValues(payload, "arn:aws:iam::123456789012:policy/" + payload, payload, payload, payload, payload,
                payload);
    }

    private static Resolution withValues(String sid, String policyArn, String summary, String explanation,
                                         String conditionValue, String recordValue, String note) {
        ObjectNode statement = Json.mapper().createObjectNode()
                .put("Sid", sid).put("Effect", "Deny").put("Action", "s3:PutObject").put("Resource", "*");
        statement.putObject("Condition").putObject("StringNotEquals")
                .put("s3:x-amz-server-side-encryption", conditionValue);
        return new Resolution(Resolution.Outcome.RESOLVED, Resolution.Method.POLICY_DOCUMENTS, summary,
                List.of(new StatementFinding(policyArn, PolicyType.SERVICE_CONTROL_POLICY, sid, "Deny", statement,
                        StatementFinding.Verdict.DENIES, explanation,
                        List.of(new StatementFinding.ConditionCheck("StringNotEquals",
                                "s3:x-amz-server-side-encryption", List.of(conditionValue), recordValue,
                                StatementFinding.ConditionCheck.Outcome.HOLDS)))),
                List.of(note));
    }
}
