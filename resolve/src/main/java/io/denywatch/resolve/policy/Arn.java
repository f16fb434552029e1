package io.denywatch.resolve.policy;

import java.util.Optional;

/**
 * An ARN cut into its six parts, {@code arn:partition:service:region:account-id:resource}; the resource part keeps its
 * own colons and slashes ("Identify AWS resources with Amazon Resource Names").
 */
record Arn(String partition, String service, String region, String account, String resource) {

    static final int PARTS = 6;

    static Optional<Arn> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String[] parts = text.split(":", PARTS);
        if (parts.length != PARTS || !parts[0].equals("arn")) {
            return Optional.empty();
        }
        return Optional.of(new Arn(parts[1], parts[2], parts[3], parts[4], parts[5]));
    }
}
