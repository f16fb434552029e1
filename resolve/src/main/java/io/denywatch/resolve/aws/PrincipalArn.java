package io.denywatch.resolve.aws;

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
        return Arns.service(arn).equals("sts");
    }

    /**
     * Reads {@code arn:aws:iam::<account>:role/<path/>name} and {@code ...:user/<path/>name}. An assumed-role session
     * ({@code arn:aws:sts::<account>:assumed-role/<role>/<session>}) stands for its role: the session's own policies
     * are not readable afterwards.
     */
    static PrincipalArn parse(String arn) {
        String resource = Arns.resource(arn);
        String service = Arns.service(arn);
        String account = Arns.account(arn);
        if (service.equals("iam") && resource.startsWith("role/")) {
            return new PrincipalArn(arn, account, Kind.ROLE, Arns.name(arn));
        }
        if (service.equals("iam") && resource.startsWith("user/")) {
            return new PrincipalArn(arn, account, Kind.USER, Arns.name(arn));
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
