package io.denywatch.resolve;

import java.util.Optional;

/**
 * An ARN cut into its six parts, {@code arn:partition:service:region:account-id:resource}; the resource part keeps its
 * own colons and slashes ("Identify AWS resources with Amazon Resource Names", IAM User Guide). Empty parts stay
 * empty strings (an S3 bucket's region and account).
 */
public record Arn(String partition, String service, String region, String account, String resource) {

    /** The parts of an ARN. */
    public static final int PARTS = 6;
    /** The account part of AWS managed policies ({@code arn:aws:iam::aws:policy/...}). */
    public static final String AWS_MANAGED_ACCOUNT = "aws";

    /** The ARN, or empty when the text is not one. */
    public static Optional<Arn> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String[] parts = text.split(":", PARTS);
        if (parts.length != PARTS || !parts[0].equals("arn")) {
            return Optional.empty();
        }
        return Optional.of(new Arn(parts[1], parts[2], parts[3], parts[4], parts[5]));
    }

    /** The ARN; a text that is not one is refused, naming it. */
    public static Arn of(String text) {
        return parse(text).orElseThrow(() -> new IllegalArgumentException("not an ARN: " + text));
    }

    /** The last path segment of the resource: a role's, user's, group's or policy's name without its path. */
    public String name() {
        return resource.substring(resource.lastIndexOf('/') + 1);
    }
}
