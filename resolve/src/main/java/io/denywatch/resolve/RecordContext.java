package io.denywatch.resolve;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Request context a CloudTrail record shows beyond what an enriched denial keeps, under the global condition keys AWS
 * documents for it ("AWS global condition context keys", IAM User Guide): so that a condition on the VPC endpoint, MFA
 * or TLS is held against what the call really had. A key is set only when the record shows its value; in particular
 * a record without {@code tlsDetails} does not prove a plain-HTTP call, so {@code aws:SecureTransport} is then left
 * unknown rather than false.
 */
public final class RecordContext {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RecordContext() {
    }

    /** The context values of one CloudTrail record (its JSON), or none when it cannot be read. */
    public static Map<String, String> of(byte[] record) {
        if (record == null) {
            return Map.of();
        }
        JsonNode root;
        try {
            root = JSON.readTree(record);
        } catch (IOException e) {
            return Map.of();
        }
        if (root == null || !root.isObject()) {
            return Map.of();
        }
        Map<String, String> context = new LinkedHashMap<>();
        put(context, "aws:SourceVpce", root.path("vpcEndpointId"));
        put(context, "aws:VpceAccount", root.path("vpcEndpointAccountId"));
        put(context, "aws:UserAgent", root.path("userAgent"));
        JsonNode identity = root.path("userIdentity");
        put(context, "aws:userid", identity.path("principalId"));
        JsonNode session = identity.path("sessionContext");
        put(context, "aws:MultiFactorAuthPresent", session.path("attributes").path("mfaAuthenticated"));
        put(context, "aws:TokenIssueTime", session.path("attributes").path("creationDate"));
        put(context, "aws:SourceIdentity", session.path("sourceIdentity"));
        if (root.path("tlsDetails").isObject()) {
            context.put("aws:SecureTransport", "true");
        }
        return context;
    }

    private static void put(Map<String, String> context, String key, JsonNode value) {
        if (value.isValueNode() && !value.isNull() && !value.asText().isBlank()) {
            context.put(key, value.asText());
        }
    }
}
