package io.denywatch.resolve;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;

import io.denywatch.contract.denial.DenyKind;
import io.denywatch.contract.denial.PolicyType;
import io.denywatch.contract.denial.Resolution;
import io.denywatch.contract.denial.Resolution.Method;
import io.denywatch.contract.denial.Resolution.Outcome;
import io.denywatch.contract.denial.StatementFinding;
import io.denywatch.contract.denial.StatementFinding.Verdict;
import io.denywatch.resolve.policy.PolicyMatcher;

/**
 * Names the statements behind one refused call, choosing the lookup from what the record already says:
 * <ol>
 *   <li>an encoded authorization message: AWS decodes it and names the Deny statements itself;</li>
 *   <li>a policy ARN: read that policy and match its statements against the call;</li>
 *   <li>a service or resource control policy without an ARN: read the policies that apply to the account;</li>
 *   <li>an identity-based policy or permissions boundary: read the principal's policies and its boundary; for an
 *       implicit deny, say that no Allow covers the call and name the nearest Allow;</li>
 *   <li>a resource-based, VPC endpoint or trust policy: say which document to read (none is read here);</li>
 *   <li>no layer at all, with a known principal: IAM's policy simulator, reported as simulated.</li>
 * </ol>
 * A statement is said to have refused the call ("Refused by") only when it certainly matches it; a Deny whose
 * condition the record cannot settle is "possibly", and an implicit deny is never blamed on a Deny statement.
 * Read-only and synchronous: callers run it off any stream-processing thread ({@link ResolveService}).
 */
public final class StatementResolver {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MISSES = "misses it: ";

    private final PolicySource source;
    private final PolicyMatcher matcher;

    public StatementResolver(PolicySource source, PolicyMatcher matcher) {
        this.source = source;
        this.matcher = matcher;
    }

    /** The statements behind the call, or why they could not be named. Never throws for a lookup AWS refuses. */
    public Resolution resolve(Call call) {
        List<String> notes = new ArrayList<>();
        try {
            Call judged = call;
            if (call.encodedMessage() != null) {
                Optional<String> decoded = source.decode(call.encodedMessage(), call.callerAccount());
                if (decoded.isEmpty()) {
                    notes.add("STS would not decode the authorization message: it is cut short or not valid.");
                } else {
                    DecodedAuthorization authorization = DecodedAuthorization.parse(decoded.get());
                    if (!authorization.statements().isEmpty()) {
                        return new Resolution(Outcome.RESOLVED, Method.DECODED_MESSAGE,
                                "AWS's decoded message names " + describe(authorization.statements()) + ".",
                                authorization.statements(), notes);
                    }
                    notes.add(authorization.explicitDeny()
                            ? "The decoded message says a Deny statement matched but names none."
                            : "The decoded message says no statement allowed the call (an implicit deny).");
                    judged = decodedCall(call, authorization);
                }
            }
            return byLayer(judged, notes);
        } catch (LookupRefused e) {
            return new Resolution(Outcome.LOOKUP_DENIED, Method.NONE,
                    "AWS refused the lookup (" + e.errorCode() + "): " + e.getMessage(), List.of(), notes);
        } catch (RuntimeException e) {
            return new Resolution(Outcome.LOOKUP_FAILED, Method.NONE,
                    "The lookup failed: " + failure(e), List.of(), notes);
        }
    }

    private Resolution byLayer(Call call, List<String> notes) {
        if (call.policyArn() != null) {
            return namedPolicy(call, notes);
        }
        switch (call.policyType()) {
            case SERVICE_CONTROL_POLICY, RESOURCE_CONTROL_POLICY -> {
                String account = organizationAccount(call);
                if (account == null) {
                    return notResolvable("the record does not say which account's policies apply", notes);
                }
                return guardrails(source.organizationPolicies(account, call.policyType()), call, notes,
                        "the " + layer(call.policyType()) + " that apply to account " + account);
            }
            case IDENTITY_BASED, PERMISSIONS_BOUNDARY -> {
                if (call.principalArn() == null) {
                    return notResolvable("the caller is not an IAM user or role", notes);
                }
                return identitySide(call, source.principalPolicies(call.principalArn()), notes);
            }
            case SESSION_POLICY -> {
                return notResolvable("a session policy is passed when the session is created and cannot be read "
                        + "back from AWS", notes);
            }
            case RESOURCE_BASED, VPC_ENDPOINT_POLICY, ROLE_TRUST_POLICY -> {
                // The principal's own policies are not where the refusal came from, so simulating them says nothing.
                return notResolvable("the refusal came from " + where(call.policyType())
                        + ", which denywatch does not read", notes);
            }
            default -> {
                if (call.principalArn() == null) {
                    return notResolvable("the record names no policy layer and no IAM user or role to simulate",
                            notes);
                }
                if (call.authorizationId() != null) {
                    notes.add("The message carries an authorization id, but GetRequestAuthorizationDetails is not "
                            + "available to denywatch; the call was simulated instead.");
                }
                return simulated(call, notes);
            }
        }
    }

    private Resolution namedPolicy(Call call, List<String> notes) {
        boolean organization = call.policyType() == PolicyType.SERVICE_CONTROL_POLICY
                || call.policyType() == PolicyType.RESOURCE_CONTROL_POLICY
                || call.policyArn().startsWith("arn:aws:organizations:");
        Optional<PolicyText> read = organization ? source.organizationPolicy(call.policyArn())
                : source.managedPolicy(call.policyArn());
        if (read.isEmpty()) {
            return new Resolution(Outcome.NO_MATCH, Method.POLICY_DOCUMENTS,
                    "The policy the message names, " + call.policyArn() + ", no longer exists.", List.of(), notes);
        }
        // A managed policy is read the same whatever it is attached as; the message says which layer it acted in.
        PolicyText policy = organization || call.policyType() == PolicyType.UNKNOWN ? read.get()
                : new PolicyText(read.get().arn(), read.get().name(), call.policyType(), read.get().document());
        if (organization) {
            return guardrails(List.of(policy), call, notes, call.policyArn());
        }
        List<StatementFinding> denying = matcher.denyingStatements(policy, call);
        if (denying.isEmpty()) {
            return new Resolution(Outcome.NO_MATCH, Method.POLICY_DOCUMENTS, "No Deny statement in "
                    + call.policyArn() + " matches " + call.action() + onResource(call)
                    + "; the policy may have changed since the call.", List.of(), notes);
        }
        return refusedBy(denying, notes);
    }

    /**
     * Service and resource control policies. AWS's word "explicit" cannot be trusted for them (an implicit deny by an
     * SCP may read as explicit), so both are looked for: a Deny that matches, else whether any Allow covers the call.
     * The levels (root, OUs, account) are read together, so an Allow at one level is not told apart from a missing
     * one at another: such a call is no match rather than a guess.
     */
    private Resolution guardrails(List<PolicyText> policies, Call call, List<String> notes, String where) {
        List<StatementFinding> denying = new ArrayList<>();
        for (PolicyText policy : policies) {
            denying.addAll(matcher.denyingStatements(policy, call));
        }
        if (!denying.isEmpty()) {
            return refusedBy(denying, notes);
        }
        if (!matcher.allowingStatements(policies, call).isEmpty()) {
            return new Resolution(Outcome.NO_MATCH, Method.POLICY_DOCUMENTS, "No Deny statement in " + where
                    + " matches " + call.action() + onResource(call) + ", and an Allow in them covers it; a level"
                    + " of the organization without such an Allow, or a change since the call, would explain it.",
                    List.of(), notes);
        }
        Optional<StatementFinding> nearest = matcher.nearestAllow(policies, call);
        return new Resolution(Outcome.RESOLVED, Method.POLICY_DOCUMENTS, "No Allow in " + where + " covers "
                + call.action() + onResource(call) + nearestSuffix(nearest), nearest.stream().toList(), notes);
    }

    private Resolution identitySide(Call call, PrincipalPolicies policies, List<String> notes) {
        List<PolicyText> all = new ArrayList<>(policies.identity());
        if (policies.boundary() != null) {
            all.add(policies.boundary());
        }
        List<StatementFinding> denying = new ArrayList<>();
        for (PolicyText policy : all) {
            denying.addAll(matcher.denyingStatements(policy, call));
        }
        if (call.denyKind() == DenyKind.EXPLICIT) {
            if (denying.isEmpty()) {
                return new Resolution(Outcome.NO_MATCH, Method.POLICY_DOCUMENTS, "No Deny statement in the "
                        + "policies of " + call.principalArn() + " matches " + call.action() + onResource(call)
                        + "; they may have changed since the call.", List.of(), notes);
            }
            return refusedBy(denying, notes);
        }
        if (call.denyKind() == DenyKind.UNKNOWN && denying.stream().anyMatch(f -> f.verdict() == Verdict.DENIES)) {
            return refusedBy(denying, notes);
        }
        if (denying.stream().anyMatch(f -> f.verdict() == Verdict.DENIES)) {
            notes.add(describe(denying) + " also matches the call, though the message says nothing allowed it.");
        }
        boolean boundaryBlamed = call.policyType() == PolicyType.PERMISSIONS_BOUNDARY;
        if (boundaryBlamed && policies.boundary() == null) {
            notes.add(call.principalArn() + " has no permissions boundary now; it may have been removed since the "
                    + "call.");
        }
        List<PolicyText> layer = boundaryBlamed && policies.boundary() != null ? List.of(policies.boundary())
                : policies.identity();
        String where = boundaryBlamed ? "the permissions boundary of " + call.principalArn()
                : "the policies of " + call.principalArn();
        List<StatementFinding> allowing = matcher.allowingStatements(layer, call);
        if (!allowing.isEmpty()) {
            return new Resolution(Outcome.NO_MATCH, Method.POLICY_DOCUMENTS, describe(allowing) + " in " + where
                    + " allows " + call.action() + onResource(call) + " now; the policies may have changed since "
                    + "the call, or a condition the record does not show was not met.", allowing, notes);
        }
        List<StatementFinding> found = new ArrayList<>();
        Optional<StatementFinding> nearest = matcher.nearestAllow(layer, call);
        nearest.ifPresent(found::add);
        if (boundaryBlamed) {
            // The identity policies' Allow is worth showing: it is why the boundary, not them, is the fix.
            found.addAll(matcher.allowingStatements(policies.identity(), call));
        }
        return new Resolution(Outcome.RESOLVED, Method.POLICY_DOCUMENTS, "No Allow in " + where + " covers "
                + call.action() + onResource(call) + nearestSuffix(nearest), found, notes);
    }

    private Resolution simulated(Call call, List<String> notes) {
        // The simulator judges the call on its own resource only, as the matcher does.
        List<String> resource = call.resource() == null ? List.of() : List.of(call.resource());
        PolicySource.Simulation simulation = source.simulate(call.principalArn(), call.action(), resource,
                call.context());
        if (!simulation.missingContext().isEmpty()) {
            notes.add("The simulation lacked context values the policies use: "
                    + String.join(", ", simulation.missingContext()) + ".");
        }
        String decision = simulation.decision();
        String simulated = "Simulated " + call.action() + onResource(call) + " for " + call.principalArn() + ": "
                + decision;
        boolean allowed = "allowed".equals(decision);
        List<StatementFinding> found = new ArrayList<>();
        for (PolicySource.MatchedStatement statement : simulation.matchedStatements()) {
            found.add(reportedBySimulator(statement, decision, allowed));
        }
        if (allowed) {
            return new Resolution(Outcome.NO_MATCH, Method.SIMULATED, simulated + ". The principal's policies "
                    + "allow the call, so another layer refused it: a resource-based policy, a VPC endpoint policy, "
                    + "a session policy" + (Boolean.TRUE.equals(simulation.allowedByOrganizations()) ? ""
                    : " or a service or resource control policy") + ".", found, notes);
        }
        if (Boolean.FALSE.equals(simulation.allowedByOrganizations()) && call.callerAccount() != null) {
            Resolution organization = guardrails(source.organizationPolicies(call.callerAccount(),
                    PolicyType.SERVICE_CONTROL_POLICY), call, notes, "the service control policies that apply to "
                    + "account " + call.callerAccount());
            return new Resolution(organization.outcome(), Method.SIMULATED, simulated + ", by the organization. "
                    + organization.summary(), organization.statements(), notes);
        }
        if (!found.isEmpty()) {
            return new Resolution(Outcome.RESOLVED, Method.SIMULATED, simulated + ", by " + describe(found) + ".",
                    found, notes);
        }
        if ("implicitDeny".equals(decision)) {
            // Nothing in the principal's policies (or its boundary, when the simulator says so) allows the call:
            // the nearest Allow is worth naming, as for an implicit deny the message itself blames on them.
            PrincipalPolicies policies = source.principalPolicies(call.principalArn());
            boolean boundary = Boolean.FALSE.equals(simulation.allowedByBoundary()) && policies.boundary() != null;
            Resolution side = identitySide(as(call, DenyKind.IMPLICIT,
                    boundary ? PolicyType.PERMISSIONS_BOUNDARY : PolicyType.IDENTITY_BASED), policies, notes);
            return new Resolution(side.outcome(), Method.SIMULATED, simulated + ". " + side.summary(),
                    side.statements(), notes);
        }
        return new Resolution(Outcome.NO_MATCH, Method.SIMULATED, simulated + ", naming no statement.", List.of(),
                notes);
    }

    /** A statement the simulator named; its text is parsed when it is the JSON object it should be. */
    private static StatementFinding reportedBySimulator(PolicySource.MatchedStatement statement, String decision,
                                                        boolean allowed) {
        JsonNode parsed = null;
        if (statement.text() != null) {
            try {
                parsed = JSON.readTree(statement.text());
            } catch (IOException e) {
                parsed = null;
            }
            if (parsed == null || !parsed.isObject()) {
                parsed = TextNode.valueOf(statement.text());
            }
        }
        String sid = parsed != null && parsed.path("Sid").isTextual() ? parsed.get("Sid").asText() : null;
        String effect = parsed != null && parsed.path("Effect").isTextual() ? parsed.get("Effect").asText() : null;
        return new StatementFinding(statement.sourcePolicyId(), policyType(statement.sourcePolicyType()), sid, effect,
                parsed, allowed ? Verdict.ALLOWS : Verdict.REPORTED_BY_AWS,
                "named by IAM's policy simulator (" + decision + ")", List.of());
    }

    /**
     * The answer for Deny statements that match the call: "Refused by" when one certainly matches, "Possibly" when
     * each has a condition the record cannot settle.
     */
    private static Resolution refusedBy(List<StatementFinding> denying, List<String> notes) {
        List<StatementFinding> certain = denying.stream().filter(f -> f.verdict() == Verdict.DENIES).toList();
        if (!certain.isEmpty()) {
            return new Resolution(Outcome.RESOLVED, Method.POLICY_DOCUMENTS, "Refused by " + describe(certain) + ".",
                    denying, notes);
        }
        return new Resolution(Outcome.RESOLVED, Method.POLICY_DOCUMENTS, "Possibly refused by " + describe(denying)
                + ": it matches the call, with a condition the record cannot settle.", denying, notes);
    }

    private static Resolution notResolvable(String why, List<String> notes) {
        return new Resolution(Outcome.NOT_RESOLVABLE, Method.NONE, "Nothing to look up: " + why + ".", List.of(),
                notes);
    }

    /** A resource control policy applies in the resource's account, a service control policy in the caller's. */
    private static String organizationAccount(Call call) {
        if (call.policyType() == PolicyType.SERVICE_CONTROL_POLICY) {
            return call.callerAccount();
        }
        String fromResource = Calls.accountOf(call.resource());
        return fromResource != null ? fromResource : call.resourceAccount();
    }

    private static Call as(Call call, DenyKind kind, PolicyType layer) {
        return new Call(call.principalArn(), call.principalType(), call.callerAccount(), call.resourceAccount(),
                call.region(), call.action(), call.resources(), kind, layer, call.policyArn(), call.encodedMessage(),
                call.authorizationId(), call.context());
    }

    /** The call as AWS's decoded message describes it: its action, its one failing resource, its context values. */
    private static Call decodedCall(Call call, DecodedAuthorization authorization) {
        Map<String, String> context = new HashMap<>(call.context());
        context.putAll(authorization.context());
        DenyKind kind = authorization.explicitDeny() ? DenyKind.EXPLICIT : DenyKind.IMPLICIT;
        PolicyType layer = call.policyType() == PolicyType.UNKNOWN && kind == DenyKind.IMPLICIT
                ? PolicyType.IDENTITY_BASED : call.policyType();
        String action = call.action();
        if (authorization.action() != null && authorization.action().contains(":")) {
            // Service prefix in lower case, as every action in denywatch is written.
            int colon = authorization.action().indexOf(':');
            action = authorization.action().substring(0, colon).toLowerCase(Locale.ROOT)
                    + authorization.action().substring(colon);
        }
        List<String> resources = authorization.resource() != null ? List.of(authorization.resource())
                : call.resources();
        return new Call(call.principalArn(), call.principalType(), call.callerAccount(), call.resourceAccount(),
                call.region(), action, resources, kind, layer, call.policyArn(), null, call.authorizationId(),
                context);
    }

    /** The simulator's policy types, as IAM's API reference lists them for {@code SourcePolicyType}. */
    private static PolicyType policyType(String simulatorType) {
        String type = simulatorType == null ? "" : simulatorType.toLowerCase(Locale.ROOT);
        if (type.contains("boundary")) {
            return PolicyType.PERMISSIONS_BOUNDARY;
        }
        if (type.contains("resource")) {
            return PolicyType.RESOURCE_BASED;
        }
        if (type.contains("iam") || type.contains("user") || type.contains("group") || type.contains("role")
                || type.contains("aws-managed")) {
            return PolicyType.IDENTITY_BASED;
        }
        return PolicyType.UNKNOWN;
    }

    private static String describe(List<StatementFinding> findings) {
        List<String> names = new ArrayList<>();
        for (StatementFinding finding : findings.subList(0, Math.min(3, findings.size()))) {
            String name = (finding.effect() == null ? "" : finding.effect() + " ") + "statement "
                    + (finding.sid() == null ? "(no Sid)" : finding.sid());
            names.add(finding.policyArn() == null ? name : name + " of " + finding.policyArn());
        }
        String more = findings.size() > 3 ? " and " + (findings.size() - 3) + " more" : "";
        return String.join(", ", names) + more;
    }

    private static String nearestSuffix(Optional<StatementFinding> nearest) {
        return nearest.isEmpty() ? "." : "; the nearest, " + describe(List.of(nearest.get())) + ", "
                + whyItMisses(nearest.get()) + ".";
    }

    /** The matcher's explanation from its "misses it: " on, which is the part worth a summary. */
    private static String whyItMisses(StatementFinding nearest) {
        String explanation = nearest.explanation() == null ? "" : nearest.explanation();
        int at = explanation.indexOf(MISSES);
        return at < 0 ? "misses it" : "misses it: " + explanation.substring(at + MISSES.length());
    }

    private static String layer(PolicyType type) {
        return type == PolicyType.SERVICE_CONTROL_POLICY ? "service control policies" : "resource control policies";
    }

    private static String where(PolicyType type) {
        return switch (type) {
            case RESOURCE_BASED -> "a resource-based policy (read it where the resource lives: a bucket, key or "
                    + "queue policy)";
            case VPC_ENDPOINT_POLICY -> "the VPC endpoint's policy (aws ec2 describe-vpc-endpoints shows it)";
            default -> "the role's trust policy (aws iam get-role shows it)";
        };
    }

    private static String onResource(Call call) {
        return call.resource() == null ? "" : " on " + call.resource();
    }

    private static String failure(RuntimeException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
