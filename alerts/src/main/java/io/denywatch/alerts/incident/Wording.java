package io.denywatch.alerts.incident;

import io.denywatch.contract.incident.SpikeRecord;

/**
 * The diagnosis in words a person on call reads: what kind of deny, which policy layer, and where the change has to be
 * made. Values this version does not know are returned as given, so a newer analyzer still renders.
 */
public final class Wording {

    private Wording() {
    }

    /** "an explicit deny in a service control policy (SCP)", or a sentence saying the window gave no diagnosis. */
    public static String why(SpikeRecord.Reason reason) {
        if (reason == null) {
            return "not determined for this window; the sample events below hold the details";
        }
        return denyKind(reason.denyKind()) + " in " + policyType(reason.policyType());
    }

    /** Where the fix has to be made. */
    public static String fixLocation(SpikeRecord.Reason reason) {
        if (reason == null || reason.fixLocation() == null) {
            return "not known from the events; start with the commands below";
        }
        switch (reason.fixLocation()) {
            case "ORGANIZATION":
                return "the organization's SCPs or RCPs, changed from the management account or a delegated "
                        + "administrator; no policy in this account can override them";
            case "PERMISSIONS_BOUNDARY":
                return "the permissions boundary attached to the role or user, which caps whatever its own policies "
                        + "grant";
            case "SESSION_POLICY":
                return "the session policy passed when the role was assumed, so in the caller's code or federation "
                        + "setup rather than in IAM";
            case "IDENTITY_POLICY":
                return "the policies attached to the role or user";
            case "RESOURCE_POLICY":
                return "the policy or access settings on the target resource";
            case "TRUST_POLICY":
                return "the trust policy of the role being assumed";
            case "NETWORK_PATH":
                return "the VPC endpoint policy on the caller's network path";
            case "KMS_KEY_POLICY":
                return "the key policy (or grants) of the KMS key involved";
            case "UNKNOWN":
                return "not known from the events; start with the commands below";
            default:
                return reason.fixLocation();
        }
    }

    static String denyKind(String kind) {
        if (kind == null) {
            return "a deny";
        }
        switch (kind) {
            case "EXPLICIT":
                return "an explicit deny";
            case "IMPLICIT":
                return "an implicit deny (no statement allowed it)";
            case "UNKNOWN":
                return "a deny";
            default:
                return "a deny (" + kind + ")";
        }
    }

    static String policyType(String type) {
        if (type == null) {
            return "a policy the events do not name";
        }
        switch (type) {
            case "IDENTITY_BASED":
                return "an identity-based policy";
            case "RESOURCE_BASED":
                return "a resource-based policy";
            case "PERMISSIONS_BOUNDARY":
                return "a permissions boundary";
            case "SESSION_POLICY":
                return "a session policy";
            case "SERVICE_CONTROL_POLICY":
                return "a service control policy (SCP)";
            case "RESOURCE_CONTROL_POLICY":
                return "a resource control policy (RCP)";
            case "VPC_ENDPOINT_POLICY":
                return "a VPC endpoint policy";
            case "ROLE_TRUST_POLICY":
                return "a role trust policy";
            case "UNKNOWN":
                return "a policy the events do not name";
            default:
                return type;
        }
    }
}
