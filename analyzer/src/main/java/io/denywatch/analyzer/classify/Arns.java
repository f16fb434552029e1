package io.denywatch.analyzer.classify;

/**
 * Small, allocation-light reads of ARNs: {@code arn:partition:service:region:account:resource}.
 *
 * <p>Nothing here validates an ARN fully; it only finds its parts by colon position, which is all the analyzer needs
 * and cannot be slowed down by any input.
 */
final class Arns {

    static final String DEFAULT_PARTITION = "aws";

    private Arns() {
    }

    /** True for text shaped like an ARN: {@code arn:} and at least five colons. */
    static boolean isArn(String text) {
        if (text == null || !text.startsWith("arn:")) {
            return false;
        }
        int colons = 0;
        for (int i = 0; i < text.length() && colons < 5; i++) {
            if (text.charAt(i) == ':') {
                colons++;
            }
        }
        return colons >= 5;
    }

    /** The partition ({@code aws}, {@code aws-cn}, {@code aws-us-gov}), or null when not an ARN. */
    static String partition(String arn) {
        return part(arn, 1);
    }

    /** The service ({@code s3}, {@code iam}...), or null when not an ARN. */
    static String service(String arn) {
        return part(arn, 2);
    }

    /** The region, empty for global services, or null when not an ARN. */
    static String region(String arn) {
        return part(arn, 3);
    }

    /** The account, empty for S3 buckets, or null when not an ARN. */
    static String account(String arn) {
        return part(arn, 4);
    }

    /** Everything after the fifth colon, or null when not an ARN. */
    static String resource(String arn) {
        if (!isArn(arn)) {
            return null;
        }
        return arn.substring(colon(arn, 5) + 1);
    }

    /** The text after the last {@code /} of the resource part: a role, user or policy name. */
    static String lastName(String arn) {
        String resource = resource(arn);
        if (resource == null) {
            return null;
        }
        return resource.substring(resource.lastIndexOf('/') + 1);
    }

    /** True for {@code arn:*:iam::*:user/...} and {@code arn:*:iam::*:role/...}: what the IAM simulator accepts. */
    static boolean isIamUserOrRole(String arn) {
        if (!"iam".equals(service(arn))) {
            return false;
        }
        String resource = resource(arn);
        return (resource.startsWith("user/") || resource.startsWith("role/")) && resource.length() > 5;
    }

    /** True for an IAM role ARN. */
    static boolean isIamRole(String arn) {
        return "iam".equals(service(arn)) && resource(arn).startsWith("role/") && resource(arn).length() > 5;
    }

    /** True for an IAM or STS ARN, which name principals. */
    static boolean isPrincipalArn(String arn) {
        String service = service(arn);
        return "iam".equals(service) || "sts".equals(service);
    }

    /**
     * The role ARN behind an assumed-role session ARN ({@code arn:aws:sts::1:assumed-role/R/S} gives
     * {@code arn:aws:iam::1:role/R}), or null. The session ARN does not carry the role's path, so this is a fallback
     * for events without {@code sessionIssuer}.
     */
    static String roleOfSession(String sessionArn) {
        String role = sessionRoleName(sessionArn);
        if (role == null) {
            return null;
        }
        return "arn:" + partition(sessionArn) + ":iam::" + account(sessionArn) + ":role/" + role;
    }

    /** The session name of an assumed-role ARN, or null. */
    static String sessionName(String sessionArn) {
        String resource = assumedRoleResource(sessionArn);
        if (resource == null) {
            return null;
        }
        int slash = resource.indexOf('/', "assumed-role/".length());
        return slash < 0 || slash == resource.length() - 1 ? null : resource.substring(slash + 1);
    }

    private static String sessionRoleName(String sessionArn) {
        String resource = assumedRoleResource(sessionArn);
        if (resource == null) {
            return null;
        }
        int start = "assumed-role/".length();
        int slash = resource.indexOf('/', start);
        String role = slash < 0 ? resource.substring(start) : resource.substring(start, slash);
        return role.isEmpty() ? null : role;
    }

    private static String assumedRoleResource(String arn) {
        if (!"sts".equals(service(arn))) {
            return null;
        }
        String resource = resource(arn);
        return resource.startsWith("assumed-role/") ? resource : null;
    }

    private static String part(String arn, int index) {
        if (!isArn(arn)) {
            return null;
        }
        int start = colon(arn, index) + 1;
        int end = colon(arn, index + 1);
        return arn.substring(start, end);
    }

    /** Index of the n-th colon (1-based); the caller has checked there are enough. */
    private static int colon(String text, int n) {
        int seen = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == ':' && ++seen == n) {
                return i;
            }
        }
        return text.length();
    }
}
