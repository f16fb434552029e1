package io.denywatch.resolve.aws;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.denywatch.contract.denial.PolicyType;
import io.denywatch.resolve.Arn;
import io.denywatch.resolve.PolicyText;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.Parent;
import software.amazon.awssdk.services.organizations.model.ParentType;
import software.amazon.awssdk.services.organizations.model.Policy;
import software.amazon.awssdk.services.organizations.model.PolicyNotFoundException;
import software.amazon.awssdk.services.organizations.model.PolicySummary;

/**
 * Reads service and resource control policies. An account is governed by the policies attached to it, to every OU
 * above it and to the root
 * (<a href="https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html">SCP
 * evaluation</a>): {@code organizations:ListParents} walks up, {@code organizations:ListPoliciesForTarget} lists each
 * level's, {@code organizations:DescribePolicy} reads each.
 */
final class OrganizationPolicyReader {

    /** An account has one parent (an OU or the root); more levels than OUs may nest (5) plus the root means a loop. */
    private static final int MAX_LEVELS = 8;

    private OrganizationPolicyReader() {
    }

    /** A policy by ARN ({@code arn:aws:organizations::<account>:policy/o-.../<type>/p-...}); its id is the last part. */
    static Optional<PolicyText> read(OrganizationsClient organizations, String policyArn) {
        return describe(organizations, Arn.of(policyArn).name());
    }

    /**
     * The policies of {@code type} governing {@code accountId}: its own first, then each parent's up to the root. A
     * policy attached at several levels is read once.
     */
    static List<PolicyText> forAccount(OrganizationsClient organizations, String accountId, PolicyType type) {
        String filter = switch (type) {
            case SERVICE_CONTROL_POLICY -> "SERVICE_CONTROL_POLICY";
            case RESOURCE_CONTROL_POLICY -> "RESOURCE_CONTROL_POLICY";
            default -> throw new IllegalArgumentException("not an organization policy type: " + type);
        };
        Set<String> policyIds = new LinkedHashSet<>();
        String target = accountId;
        boolean root = false;
        for (int level = 0; target != null; level++) {
            if (level > MAX_LEVELS) {
                throw new IllegalStateException("ListParents did not reach the root from " + accountId);
            }
            String current = target;
            Refusals.translate("organizations:ListPoliciesForTarget", () -> organizations
                    .listPoliciesForTargetPaginator(r -> r.targetId(current).filter(filter)).stream()
                    .flatMap(page -> page.policies().stream()).map(PolicySummary::id).toList())
                    .forEach(policyIds::add);
            if (root) {
                break;
            }
            List<Parent> parents = Refusals.translate("organizations:ListParents", () -> organizations
                    .listParentsPaginator(r -> r.childId(current)).stream()
                    .flatMap(page -> page.parents().stream()).toList());
            // Every account and OU has exactly one parent. The root is never asked for its own: ListParents refuses
            // a root as the child ("Don't specify a root", Organizations API reference, ListParents).
            target = parents.isEmpty() ? null : parents.get(0).id();
            root = !parents.isEmpty() && parents.get(0).type() == ParentType.ROOT;
        }
        List<PolicyText> out = new ArrayList<>();
        for (String id : policyIds) {
            describe(organizations, id).ifPresent(out::add);
        }
        return out;
    }

    private static Optional<PolicyText> describe(OrganizationsClient organizations, String policyId) {
        Policy policy;
        try {
            policy = Refusals.translate("organizations:DescribePolicy", () -> organizations
                    .describePolicy(r -> r.policyId(policyId)).policy());
        } catch (PolicyNotFoundException e) {
            return Optional.empty();
        }
        PolicyType type = "RESOURCE_CONTROL_POLICY".equals(policy.policySummary().typeAsString())
                ? PolicyType.RESOURCE_CONTROL_POLICY : PolicyType.SERVICE_CONTROL_POLICY;
        return Optional.of(new PolicyText(policy.policySummary().arn(), policy.policySummary().name(), type,
                policy.content()));
    }
}
