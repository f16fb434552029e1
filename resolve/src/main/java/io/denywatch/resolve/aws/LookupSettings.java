package io.denywatch.resolve.aws;

import java.time.Duration;
import java.util.Objects;

/**
 * How policies are read from AWS.
 *
 * @param region                the region SDK clients are built for; null for the SDK's default region chain
 * @param readerRoleName        the role assumed in another account to read its policies
 *                              ({@code arn:<partition>:iam::<account>:role/<readerRoleName>}); null or blank to read
 *                              every account with the caller's own credentials
 * @param organizationAccountId the organization's management (or delegated administrator) account, where service and
 *                              resource control policies are read; null or blank to read them in the caller's account
 * @param callTimeout           the longest one AWS call may take, retries included
 */
public record LookupSettings(String region, String readerRoleName, String organizationAccountId,
                             Duration callTimeout) {

    public LookupSettings {
        Objects.requireNonNull(callTimeout, "callTimeout");
        if (callTimeout.isNegative() || callTimeout.isZero()) {
            throw new IllegalArgumentException("callTimeout must be positive: " + callTimeout);
        }
        readerRoleName = blankToNull(readerRoleName);
        organizationAccountId = blankToNull(organizationAccountId);
        region = blankToNull(region);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
