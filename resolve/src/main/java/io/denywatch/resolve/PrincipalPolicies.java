package io.denywatch.resolve;

import java.util.List;

/**
 * The identity-side policies of an IAM user or role.
 *
 * @param principalArn the user or role
 * @param identity     its attached managed policies and inline policies (and, for a user, its groups' policies)
 * @param boundary     its permissions boundary, or null when it has none
 */
public record PrincipalPolicies(String principalArn, List<PolicyText> identity, PolicyText boundary) {
    public PrincipalPolicies {
        identity = List.copyOf(identity);
    }
}
