package io.denywatch.resolve;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import io.denywatch.contract.denial.DenyKind;
import io.denywatch.contract.denial.Diagnosis;
import io.denywatch.contract.denial.EnrichedDenial;
import io.denywatch.contract.denial.PolicyType;
import io.denywatch.contract.denial.Principal;
import io.denywatch.contract.incident.SpikeRecord;
import io.denywatch.contract.incident.ValueCount;

/**
 * Builds the {@link Call} a lookup needs from what denywatch already holds: one enriched denial (explain, scan) or one
 * incident (alerts). Context values are filled only from fields CloudTrail logged, under the global condition keys
 * AWS documents for them ("AWS global condition context keys", IAM User Guide), so that a condition is never judged
 * against a guess.
 */
public final class Calls {

    /** EC2 and some other services put this before the blob STS can decode. */
    private static final String ENCODED_MARKER = "Encoded authorization failure message:";
    private static final Pattern IP_ADDRESS = Pattern.compile("[0-9.]+|[0-9a-fA-F:]+:[0-9a-fA-F:.]*");
    private static final Pattern ENCODED_BLOB = Pattern.compile("[A-Za-z0-9_\\-+/=]+");

    private Calls() {
    }

    /** The call one enriched denial records. */
    public static Call of(EnrichedDenial denial) {
        Principal principal = denial.principal();
        Diagnosis diagnosis = denial.diagnosis();
        Map<String, String> context = new LinkedHashMap<>();
        principalContext(context, principal.identityArn(), principal.accountId());
        if (principal.identityArn() != null && "IAMUser".equals(principal.type())) {
            context.put("aws:username", lastPathPart(principal.identityArn()));
        }
        putIfPresent(context, "aws:RequestedRegion", denial.awsRegion());
        // sourceIPAddress is also a service name ("s3.amazonaws.com") or "AWS Internal": only an address is aws:SourceIp.
        if (denial.sourceIpAddress() != null && IP_ADDRESS.matcher(denial.sourceIpAddress()).matches()) {
            context.put("aws:SourceIp", denial.sourceIpAddress());
        }
        putIfPresent(context, "aws:CurrentTime", denial.eventTime());
        // Not aws:ViaAWSService: invokedBy is also logged for service roles and service-linked roles, for which it
        // is false, so the record does not settle it.
        String encoded = diagnosis.encodedMessage().present() && !diagnosis.encodedMessage().truncated()
                ? encodedBlob(denial.errorMessage()) : null;
        return new Call(principal.identityArn(), principal.type(), principal.accountId(), denial.recipientAccountId(),
                denial.awsRegion(), denial.action(), denial.resources(), diagnosis.denyKind(), diagnosis.policyType(),
                diagnosis.policyArn(), encoded, diagnosis.authorizationId(), context);
    }

    /**
     * The call one enriched denial records, with the context its CloudTrail record shows beyond the denial's fields
     * (VPC endpoint, MFA, TLS, ...; see {@link RecordContext}).
     */
    public static Call of(EnrichedDenial denial, byte[] record) {
        Call call = of(denial);
        Map<String, String> context = new LinkedHashMap<>(RecordContext.of(record));
        context.putAll(call.context());
        if (context.containsKey("aws:SourceVpce") && context.containsKey("aws:SourceIp")) {
            // Through a VPC endpoint the caller's address is aws:VpcSourceIp; aws:SourceIp is absent
            // ("AWS global condition context keys", aws:SourceIp).
            context.put("aws:VpcSourceIp", context.remove("aws:SourceIp"));
        }
        return new Call(call.principalArn(), call.principalType(), call.callerAccount(), call.resourceAccount(),
                call.region(), call.action(), call.resources(), call.denyKind(), call.policyType(), call.policyArn(),
                call.encodedMessage(), call.authorizationId(), context);
    }

    /**
     * The call an incident is about, when its key names one: a principal and one action (the key's, or the only one
     * its denials had), on its most denied resource, blamed on the window's dominant reason. An incident counted by
     * account, or over several actions, is no one call, and has none: a lookup would judge a mix of denials.
     */
    public static Optional<Call> of(SpikeRecord incident) {
        SpikeRecord.Key key = incident.key();
        String principalArn = key == null ? null : key.principal();
        String action = key == null ? null : key.action();
        if (action == null && incident.topActions() != null && incident.topActions().size() == 1) {
            action = incident.topActions().get(0).value();
        }
        if (principalArn == null || action == null) {
            return Optional.empty();
        }
        List<String> resources = incident.topResources() == null ? List.of()
                : incident.topResources().stream().limit(1).map(ValueCount::value).toList();
        SpikeRecord.Reason reason = incident.diagnosis();
        Map<String, String> context = new LinkedHashMap<>();
        principalContext(context, principalArn, accountOf(principalArn));
        String region = resources.isEmpty() ? null : regionOf(resources.get(0));
        putIfPresent(context, "aws:RequestedRegion", region);
        return Optional.of(new Call(principalArn, null, accountOf(principalArn),
                key.account() != null ? key.account() : accountOf(principalArn), region, action, resources,
                enumOr(DenyKind.class, reason == null ? null : reason.denyKind(), DenyKind.UNKNOWN),
                enumOr(PolicyType.class, reason == null ? null : reason.policyType(), PolicyType.UNKNOWN),
                reason == null ? null : reason.policyArn(), null, null, context));
    }

    /** The account in an ARN, or null when it has none or is not an ARN. */
    public static String accountOf(String arn) {
        return Arn.parse(arn).map(Arn::account).filter(a -> !a.isEmpty()).orElse(null);
    }

    private static String regionOf(String arn) {
        return Arn.parse(arn).map(Arn::region).filter(r -> !r.isEmpty()).orElse(null);
    }

    private static void principalContext(Map<String, String> context, String principalArn, String account) {
        putIfPresent(context, "aws:PrincipalArn", principalArn);
        putIfPresent(context, "aws:PrincipalAccount", account);
    }

    private static String encodedBlob(String message) {
        int at = message == null ? -1 : message.indexOf(ENCODED_MARKER);
        if (at < 0) {
            return null;
        }
        String blob = message.substring(at + ENCODED_MARKER.length()).strip();
        return ENCODED_BLOB.matcher(blob).matches() ? blob : null;
    }

    private static String lastPathPart(String arn) {
        return arn.substring(arn.lastIndexOf('/') + 1);
    }

    private static void putIfPresent(Map<String, String> context, String key, String value) {
        if (value != null && !value.isBlank()) {
            context.put(key, value);
        }
    }

    private static <E extends Enum<E>> E enumOr(Class<E> type, String name, E fallback) {
        if (name == null) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }
}
