package io.denywatch.resolve.aws;

import io.denywatch.resolve.Arn;

/**
 * An IAM user or role as IAM's read calls name it.
 *
 * @param arn     as given
 * @param account the account it belongs to
 * @param kind    a user or a role
 * @param name    its name, without path: what GetRole, GetUser and their list calls take
 */
record PrincipalArn(String arn, String account, Kind kind, String name) {

    enum Kind { USER, ROLE }

    /** An assumed-role session rather than the role itself. */
    boolean session() {
        return Arn.of(arn).service().equals("sts");
    }

    /**
     * Reads {@code arn:aws:iam::<account>:role/<path/>name} and {@code ...:user/<path/>name}. An assumed-role session
     * ({@code arn:aws:sts::<account>:assumed-role/<role>/<session>}) stands for its role: the session's own policies
     * are not readable afterwards.
     */
    static PrincipalArn parse(String arn) {
        String resource = Arn.of(arn).resource();
        String service = Arn.of(arn).service();
        String account = Arn.of(arn).account();
        if (service.equals("iam") && resource.startsWith("role/")) {
            return new PrincipalArn(arn, account, Kind.ROLE, Arn.of(arn).name());
        }
        if (service.equals("iam") && resource.startsWith("user/")) {
            return new PrincipalArn(arn, account, Kind.USER, Arn.of(arn).name());
        }
        if (service.equals("sts") && resource.startsWith("assumed-role/")) {
            String[] parts = resource.split("/");
            if (parts.length >= 3) {
                return new PrincipalArn(arn, account, Kind.ROLE, parts[1]);
            }
        }
        throw new IllegalArgumentException("not an IAM user or role: " + arn);
    }
}
