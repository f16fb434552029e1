package io.denywatch.resolve.aws;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import software.amazon.awssdk.services.iam.model.ContextEntry;
import software.amazon.awssdk.services.iam.model.ContextKeyTypeEnum;

/**
 * The simulator's {@code ContextEntries} for the context values a record shows. Each key gets the type AWS documents
 * for it (<a href="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html">global
 * condition context keys</a>): the simulator compares by that type, so an IP given as a string would match no
 * {@code IpAddress} condition.
 */
final class SimulationContext {

    private static final Set<String> BOOLEANS = Set.of("aws:multifactorauthpresent", "aws:securetransport",
            "aws:viaawsservice", "aws:principalisawsservice");

    private SimulationContext() {
    }

    static List<ContextEntry> entries(Map<String, String> context) {
        // Sorted, so the same context makes the same request.
        return new TreeMap<>(context).entrySet().stream()
                .filter(e -> e.getValue() != null)
                .map(e -> ContextEntry.builder().contextKeyName(e.getKey()).contextKeyType(type(e.getKey()))
                        .contextKeyValues(e.getValue()).build())
                .toList();
    }

    static ContextKeyTypeEnum type(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        if (k.equals("aws:sourceip")) {
            return ContextKeyTypeEnum.IP;
        }
        if (BOOLEANS.contains(k)) {
            return ContextKeyTypeEnum.BOOLEAN;
        }
        if (k.equals("aws:currenttime") || k.equals("aws:tokenissuetime")) {
            return ContextKeyTypeEnum.DATE;
        }
        if (k.endsWith("age")) {
            // aws:MultiFactorAuthAge and the like: seconds.
            return ContextKeyTypeEnum.NUMERIC;
        }
        return ContextKeyTypeEnum.STRING;
    }
}
