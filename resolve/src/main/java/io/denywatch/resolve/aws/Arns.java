package io.denywatch.resolve.aws;

/**
 * The parts of an ARN a lookup needs: {@code arn:partition:service:region:account:resource}
 * (<a href="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html">IAM ARNs</a>).
 */
final class Arns {

    /** The account field of AWS managed policies ({@code arn:aws:iam::aws:policy/...}). */
    static final String AWS_MANAGED = "aws";

    private Arns() {
    }

    /** The account field; {@code aws} for AWS managed policies, empty for ARNs that have none (S3 buckets). */
    static String account(String arn) {
        return field(arn, 4);
    }

    static String service(String arn) {
        return field(arn, 2);
    }

    static String partition(String arn) {
        return field(arn, 1);
    }

    /** The resource part: everything after the fifth colon. */
    static String resource(String arn) {
        String[] parts = split(arn);
        return parts[5];
    }

    /** The last path segment of the resource: a role's, user's, group's or policy's name without its path. */
    static String name(String arn) {
        String resource = resource(arn);
        return resource.substring(resource.lastIndexOf('/') + 1);
    }

    private static String field(String arn, int index) {
        return split(arn)[index];
    }

    private static String[] split(String arn) {
        String[] parts = arn == null ? new String[0] : arn.split(":", 6);
        if (parts.length < 6 || !parts[0].equals("arn")) {
            throw new IllegalArgumentException("not an ARN: " + arn);
        }
        return parts;
    }
}
