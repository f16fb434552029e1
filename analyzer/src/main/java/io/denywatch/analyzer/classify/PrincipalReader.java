package io.denywatch.analyzer.classify;

import com.fasterxml.jackson.databind.JsonNode;

import io.denywatch.contract.denial.Principal;

/**
 * Reads {@code userIdentity} into a {@link Principal}.
 *
 * <p>{@code identityArn} is the IAM user or role a call belongs to, the key denials are grouped by:
 * <ul>
 *   <li>{@code AssumedRole} (also Identity Center permission sets and service roles): the session issuer's ARN, the
 *       role; when the issuer is missing, the role rebuilt from the session ARN (its path is then unknown).</li>
 *   <li>{@code FederatedUser}: the session issuer, the IAM user that called {@code GetFederationToken}.</li>
 *   <li>{@code IAMUser}, {@code Role}: the ARN as logged.</li>
 *   <li>{@code Root}: the root ARN, rebuilt from the account when not logged.</li>
 *   <li>{@code AWSService}, {@code AWSAccount} without an ARN, {@code IdentityCenterUser}, {@code SAMLUser},
 *       {@code WebIdentityUser}, {@code Unknown}: null, because no IAM user or role made the call (yet);
 *       {@code invokedBy} or {@code accountId} say who did.</li>
 * </ul>
 *
 * <p>When {@code userIdentity.arn} is missing, the ARN the error message names after {@code User:} is used: it is the
 * same principal, logged in another place.
 */
final class PrincipalReader {

    private PrincipalReader() {
    }

    static Principal read(JsonNode event, String messagePrincipalArn) {
        JsonNode identity = EventFields.object(event, "userIdentity");
        String type = EventFields.text(identity, "type");
        String arn = EventFields.text(identity, "arn");
        if (!Arns.isArn(arn)) {
            arn = Arns.isArn(messagePrincipalArn) ? messagePrincipalArn : null;
        }
        String accountId = EventFields.text(identity, "accountId");
        if (accountId == null && arn != null && Arns.isPrincipalArn(arn)) {
            accountId = emptyToNull(Arns.account(arn));
        }
        String issuerArn = EventFields.text(identity, "sessionContext", "sessionIssuer", "arn");
        String recipient = EventFields.text(event, "recipientAccountId");
        return new Principal(arn, identityArn(type, arn, issuerArn, accountId), type, accountId,
                sessionName(arn), EventFields.text(identity, "invokedBy"),
                accountId != null && recipient != null && !accountId.equals(recipient));
    }

    private static String identityArn(String type, String arn, String issuerArn, String accountId) {
        boolean session = "AssumedRole".equals(type) || "FederatedUser".equals(type)
                || (type == null && Arns.roleOfSession(arn) != null);
        if (session && Arns.isArn(issuerArn)) {
            return issuerArn;
        }
        String role = Arns.roleOfSession(arn);
        if (role != null) {
            return role;
        }
        if ("Root".equals(type)) {
            if (arn != null) {
                return arn;
            }
            return accountId != null ? "arn:" + Arns.DEFAULT_PARTITION + ":iam::" + accountId + ":root" : null;
        }
        if (arn != null && "iam".equals(Arns.service(arn))) {
            return arn;
        }
        return null;
    }

    private static String sessionName(String arn) {
        String session = Arns.sessionName(arn);
        if (session != null) {
            return session;
        }
        String resource = Arns.resource(arn);
        if ("sts".equals(Arns.service(arn)) && resource.startsWith("federated-user/")) {
            String name = resource.substring("federated-user/".length());
            return name.isEmpty() ? null : name;
        }
        return null;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
