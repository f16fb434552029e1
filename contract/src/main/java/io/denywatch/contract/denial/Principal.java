package io.denywatch.contract.denial;

/**
 * Who made the refused call.
 *
 * @param arn          the ARN as logged; for an assumed role, the session ARN
 * @param identityArn  the IAM user or role the call belongs to, the key to aggregate by; null when no IAM user or role
 *                     is involved (an AWS service, an Identity Center or SAML user before a role is assumed, an
 *                     unnamed principal of another account)
 * @param type         {@code userIdentity.type} as logged ({@code IAMUser}, {@code AssumedRole}, ...)
 * @param accountId    the caller's account
 * @param sessionName  the role session or federated user name, when there is one
 * @param invokedBy    the AWS service that made the call on the principal's behalf, when one did
 * @param crossAccount the caller's account differs from the account that received the call
 */
public record Principal(String arn, String identityArn, String type, String accountId, String sessionName,
                        String invokedBy, boolean crossAccount) {
}
