package io.denywatch.deploy;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The IAM actions the resolve code needs, found from its calls as {@link IngestCalls} finds the ingest code's: every
 * IAM, Organizations and STS client operation (listed from the SDK's client interfaces) that the resolve sources
 * call, mapped to the action AWS authorizes it as.
 */
final class ResolveCalls {

    static final String SOURCES = "resolve/src/main/java/io/denywatch/resolve";

    /**
     * Called with the caller's own credentials before any role is assumed, and allowed whatever the policies say:
     * "No permissions are required to perform this operation"
     * (<a href="https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html">GetCallerIdentity</a>).
     */
    static final Set<String> NEEDS_NO_PERMISSION = Set.of("sts:GetCallerIdentity");

    private ResolveCalls() {
    }

    /** Action → the source files (relative to {@link #SOURCES}) that call it. */
    static Map<String, Set<String>> actions() {
        return SdkCalls.actions(SOURCES, Map.of(IamClient.class, "iam", OrganizationsClient.class, "organizations",
                StsClient.class, "sts"), Map.of());
    }

    /** What the reader role must be allowed: every call but those that need no permission. */
    static Set<String> readerActions() {
        Set<String> out = new TreeSet<>(actions().keySet());
        out.removeAll(NEEDS_NO_PERMISSION);
        return out;
    }
}
