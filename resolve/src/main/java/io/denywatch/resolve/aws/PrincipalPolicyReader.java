package io.denywatch.resolve.aws;

import java.util.ArrayList;
import java.util.List;

import io.denywatch.contract.denial.PolicyType;
import io.denywatch.resolve.PolicyText;
import io.denywatch.resolve.PrincipalPolicies;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPermissionsBoundary;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.Group;
import software.amazon.awssdk.services.iam.model.Role;

/**
 * Reads the identity-side policies of a user or role: attached managed policies, inline policies, a user's groups'
 * policies, and the permissions boundary
 * (<a href="https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_manage-attach-detach.html">IAM
 * policies of an identity</a>). Every list call is paginated.
 */
final class PrincipalPolicyReader {

    private PrincipalPolicyReader() {
    }

    static PrincipalPolicies read(IamClient iam, String principalArn) {
        PrincipalArn principal = PrincipalArn.parse(principalArn);
        return principal.kind() == PrincipalArn.Kind.ROLE ? role(iam, principal) : user(iam, principal);
    }

    private static PrincipalPolicies role(IamClient iam, PrincipalArn role) {
        // GetRole first: its ARN (with the role's path) names the inline policies, also when a session was asked for.
        Role read = Refusals.translate("iam:GetRole", () -> iam.getRole(r -> r.roleName(role.name())).role());
        List<PolicyText> identity = new ArrayList<>();
        List<AttachedPolicy> attached = Refusals.translate("iam:ListAttachedRolePolicies", () -> iam
                .listAttachedRolePoliciesPaginator(r -> r.roleName(role.name())).attachedPolicies().stream().toList());
        attached(iam, attached, identity);
        List<String> inline = Refusals.translate("iam:ListRolePolicies", () -> iam
                .listRolePoliciesPaginator(r -> r.roleName(role.name())).policyNames().stream().toList());
        for (String name : inline) {
            String document = Refusals.translate("iam:GetRolePolicy", () -> iam
                    .getRolePolicy(r -> r.roleName(role.name()).policyName(name)).policyDocument());
            identity.add(inline(read.arn(), name, document));
        }
        return new PrincipalPolicies(read.arn(), identity, boundary(iam, read.permissionsBoundary()));
    }

    /** The role's own ARN for a role or one of its sessions: what the simulator takes. */
    static String roleArn(IamClient iam, String principalArn) {
        PrincipalArn principal = PrincipalArn.parse(principalArn);
        if (!principal.session()) {
            return principalArn;
        }
        return Refusals.translate("iam:GetRole", () -> iam.getRole(r -> r.roleName(principal.name())).role().arn());
    }

    private static PrincipalPolicies user(IamClient iam, PrincipalArn user) {
        List<PolicyText> identity = new ArrayList<>();
        List<AttachedPolicy> attached = Refusals.translate("iam:ListAttachedUserPolicies", () -> iam
                .listAttachedUserPoliciesPaginator(r -> r.userName(user.name())).attachedPolicies().stream().toList());
        attached(iam, attached, identity);
        List<String> inline = Refusals.translate("iam:ListUserPolicies", () -> iam
                .listUserPoliciesPaginator(r -> r.userName(user.name())).policyNames().stream().toList());
        for (String name : inline) {
            String document = Refusals.translate("iam:GetUserPolicy", () -> iam
                    .getUserPolicy(r -> r.userName(user.name()).policyName(name)).policyDocument());
            identity.add(inline(user.arn(), name, document));
        }
        List<Group> groups = Refusals.translate("iam:ListGroupsForUser", () -> iam
                .listGroupsForUserPaginator(r -> r.userName(user.name())).groups().stream().toList());
        for (Group group : groups) {
            group(iam, group, identity);
        }
        AttachedPermissionsBoundary boundary = Refusals.translate("iam:GetUser", () -> iam
                .getUser(r -> r.userName(user.name())).user().permissionsBoundary());
        return new PrincipalPolicies(user.arn(), identity, boundary(iam, boundary));
    }

    private static void group(IamClient iam, Group group, List<PolicyText> identity) {
        List<AttachedPolicy> attached = Refusals.translate("iam:ListAttachedGroupPolicies", () -> iam
                .listAttachedGroupPoliciesPaginator(r -> r.groupName(group.groupName())).attachedPolicies().stream()
                .toList());
        attached(iam, attached, identity);
        List<String> inline = Refusals.translate("iam:ListGroupPolicies", () -> iam
                .listGroupPoliciesPaginator(r -> r.groupName(group.groupName())).policyNames().stream().toList());
        for (String name : inline) {
            String document = Refusals.translate("iam:GetGroupPolicy", () -> iam
                    .getGroupPolicy(r -> r.groupName(group.groupName()).policyName(name)).policyDocument());
            identity.add(inline(group.arn(), name, document));
        }
    }

    private static void attached(IamClient iam, List<AttachedPolicy> attached, List<PolicyText> identity) {
        for (AttachedPolicy policy : attached) {
            // Detached or deleted since it was listed: nothing to read.
            ManagedPolicyReader.read(iam, policy.policyArn(), PolicyType.IDENTITY_BASED).ifPresent(identity::add);
        }
    }

    private static PolicyText boundary(IamClient iam, AttachedPermissionsBoundary boundary) {
        if (boundary == null || boundary.permissionsBoundaryArn() == null) {
            return null;
        }
        return ManagedPolicyReader.read(iam, boundary.permissionsBoundaryArn(), PolicyType.PERMISSIONS_BOUNDARY)
                .orElse(null);
    }

    private static PolicyText inline(String ownerArn, String name, String document) {
        return new PolicyText(ownerArn + "#" + name, name, PolicyType.IDENTITY_BASED, UrlEncodedDocuments.decode(document));
    }
}
