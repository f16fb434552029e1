package io.denywatch.cli.resolve;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.denywatch.common.json.Json;
import io.denywatch.contract.denial.DenialJson;
import io.denywatch.contract.denial.EnrichedDenial;
import io.denywatch.contract.denial.Resolution;

/**
 * An enriched denial with what a lookup added, as {@code explain --resolve --json} prints it: the enriched denial's
 * fields, and under {@code diagnosis} the {@code statements} named and the {@code resolution} (outcome, method,
 * summary, notes). Published as {@code schemas/resolved-denial.v1.schema.json}.
 */
public final class ResolvedDenialJson {

    private static final ObjectMapper MAPPER = Json.mapper();

    private ResolvedDenialJson() {
    }

    /** One line of JSON. */
    public static String toJson(EnrichedDenial denial, Resolution resolution) {
        try {
            ObjectNode root = (ObjectNode) MAPPER.readTree(DenialJson.toBytes(denial));
            ObjectNode diagnosis = (ObjectNode) root.get("diagnosis");
            ObjectNode lookup = MAPPER.valueToTree(resolution);
            diagnosis.set("statements", lookup.remove("statements"));
            diagnosis.set("resolution", lookup);
            return MAPPER.writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
