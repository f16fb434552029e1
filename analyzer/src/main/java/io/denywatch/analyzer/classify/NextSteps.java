package io.denywatch.analyzer.classify;

import java.util.ArrayList;
import java.util.List;

import io.denywatch.contract.denial.FixLocation;
import io.denywatch.contract.denial.PolicyType;

/**
 * The AWS CLI commands that show the policy at fault, with the event's real ARNs filled in and every event-derived
 * argument quoted by {@link ShellCommand}.
 *
 * <p>Only commands that can work are offered: the IAM simulator only for an IAM user or role with a known action, the
 * decoder only for a whole encoded message, {@code describe-policy} only for a policy id read from the message.
 */
final class NextSteps {

    private NextSteps() {
    }

    /** Steps for an authorization denial read as {@code cause}. */
    static List<String> authorization(Cause cause, PolicyType policyType, DenialFacts f) {
        List<String> steps = new ArrayList<>();
        DenialMessage m = f.message();
        if (m.authorizationId() != null) {
            steps.add(ShellCommand.of("aws", "iam-toolbox", "get-request-authorization-details")
                    .option("--authorization-id", m.authorizationId()).build());
        }
        if (m.encodedBlob() != null && !m.encodedTruncated()) {
            steps.add(ShellCommand.of("aws", "sts", "decode-authorization-message")
                    .option("--encoded-message", m.encodedBlob()).build());
        }
        FixLocation fix = cause.fixLocation();
        if (fix == FixLocation.UNKNOWN) {
            steps.add("aws sts get-caller-identity");
        }
        switch (fix) {
            case ORGANIZATION:
                organization(policyType, f, steps);
                break;
            case PERMISSIONS_BOUNDARY:
                iamPolicy(m.policyArn(), steps);
                boundary(f.principal().identityArn(), steps);
                break;
            case SESSION_POLICY:
                iamPolicy(m.policyArn(), steps);
                break;
            case IDENTITY_POLICY:
                iamPolicy(m.policyArn(), steps);
                identityPolicies(f.principal().identityArn(), steps);
                break;
            case RESOURCE_POLICY:
                resourceSide(cause, f, steps);
                break;
            case TRUST_POLICY:
                trustPolicy(f, steps);
                break;
            case NETWORK_PATH:
                vpcEndpoint(f, steps);
                break;
            case KMS_KEY_POLICY:
                keyPolicy(f.firstResourceOf("kms"), f.region(), steps);
                break;
            default:
                bucketPolicy(f.firstResourceOf("s3"), steps);
                break;
        }
        simulate(f, steps);
        return steps;
    }

    /** Steps for an authentication failure. */
    static List<String> authentication(DenialFacts f) {
        List<String> steps = new ArrayList<>();
        if (f.errorCode() == null) {
            ShellCommand lookup = ShellCommand.of("aws", "cloudtrail", "lookup-events", "--lookup-attributes",
                    "AttributeKey=EventName,AttributeValue=ConsoleLogin");
            if (f.region() != null) {
                lookup.option("--region", f.region());
            }
            steps.add(lookup.build());
            return steps;
        }
        steps.add("aws sts get-caller-identity");
        String key = f.accessKeyId();
        if (key != null && key.startsWith("AKIA") && isPlainId(key)) {
            steps.add(ShellCommand.of("aws", "iam", "get-access-key-last-used").option("--access-key-id", key)
                    .build());
        }
        return steps;
    }

    private static void organization(PolicyType policyType, DenialFacts f, List<String> steps) {
        String policyId = organizationsPolicyId(f.message().policyArn());
        if (policyId != null) {
            steps.add(ShellCommand.of("aws", "organizations", "describe-policy").option("--policy-id", policyId)
                    .build());
            return;
        }
        boolean rcp = policyType == PolicyType.RESOURCE_CONTROL_POLICY;
        String target = rcp ? f.recipient() : f.principal().accountId();
        if (target != null) {
            steps.add(ShellCommand.of("aws", "organizations", "list-policies-for-target")
                    .option("--target-id", target)
                    .word("--filter").word(rcp ? "RESOURCE_CONTROL_POLICY" : "SERVICE_CONTROL_POLICY").build());
        }
    }

    /** {@code p-xxxx} from an Organizations policy ARN, or null. */
    static String organizationsPolicyId(String policyArn) {
        if (!"organizations".equals(Arns.service(policyArn))) {
            return null;
        }
        String id = Arns.lastName(policyArn);
        return id.startsWith("p-") && isPlainId(id) ? id : null;
    }

    private static void iamPolicy(String policyArn, List<String> steps) {
        if ("iam".equals(Arns.service(policyArn)) && Arns.resource(policyArn).startsWith("policy/")) {
            steps.add(ShellCommand.of("aws", "iam", "get-policy").option("--policy-arn", policyArn).build());
        }
    }

    private static void boundary(String identityArn, List<String> steps) {
        if (!Arns.isIamUserOrRole(identityArn)) {
            return;
        }
        boolean role = Arns.isIamRole(identityArn);
        steps.add(ShellCommand.of("aws", "iam", role ? "get-role" : "get-user")
                .option(role ? "--role-name" : "--user-name", Arns.lastName(identityArn))
                .word("--query").word(role ? "Role.PermissionsBoundary" : "User.PermissionsBoundary").build());
    }

    private static void identityPolicies(String identityArn, List<String> steps) {
        if (!Arns.isIamUserOrRole(identityArn)) {
            return;
        }
        boolean role = Arns.isIamRole(identityArn);
        String name = Arns.lastName(identityArn);
        String option = role ? "--role-name" : "--user-name";
        steps.add(ShellCommand.of("aws", "iam", role ? "list-attached-role-policies" : "list-attached-user-policies")
                .option(option, name).build());
        steps.add(ShellCommand.of("aws", "iam", role ? "list-role-policies" : "list-user-policies")
                .option(option, name).build());
    }

    private static void resourceSide(Cause cause, DenialFacts f, List<String> steps) {
        String bucket = bucketName(f.firstResourceOf("s3"));
        if (cause == Cause.BLOCK_PUBLIC_ACCESS) {
            if (bucket != null) {
                steps.add(ShellCommand.of("aws", "s3api", "get-public-access-block").option("--bucket", bucket)
                        .build());
            }
            if (f.recipient() != null) {
                steps.add(ShellCommand.of("aws", "s3control", "get-public-access-block")
                        .option("--account-id", f.recipient()).build());
            }
            return;
        }
        if (cause == Cause.SSE_C_BLOCKED) {
            if (bucket != null) {
                steps.add(ShellCommand.of("aws", "s3api", "get-bucket-encryption").option("--bucket", bucket)
                        .build());
            }
            return;
        }
        resourcePolicy(f.firstResource(), f.region(), steps);
    }

    /** The command that shows a resource's own policy, for the services that have one. */
    private static void resourcePolicy(String arn, String eventRegion, List<String> steps) {
        String service = Arns.service(arn);
        if (service == null) {
            return;
        }
        String region = regionOf(arn, eventRegion);
        switch (service) {
            case "s3":
                bucketPolicy(arn, steps);
                break;
            case "kms":
                keyPolicy(arn, eventRegion, steps);
                break;
            case "sqs":
                steps.add(regional(ShellCommand.of("aws", "sqs", "get-queue-attributes")
                        .option("--queue-url", queueUrl(arn)).word("--attribute-names").word("Policy"), region));
                break;
            case "sns":
                steps.add(regional(ShellCommand.of("aws", "sns", "get-topic-attributes").option("--topic-arn", arn),
                        region));
                break;
            case "lambda":
                steps.add(regional(ShellCommand.of("aws", "lambda", "get-policy").option("--function-name", arn),
                        region));
                break;
            case "secretsmanager":
                steps.add(regional(ShellCommand.of("aws", "secretsmanager", "get-resource-policy")
                        .option("--secret-id", arn), region));
                break;
            case "iam":
                if (Arns.isIamRole(arn)) {
                    steps.add(trustPolicyCommand(arn));
                }
                break;
            default:
                break;
        }
    }

    private static void trustPolicy(DenialFacts f, List<String> steps) {
        String role = null;
        for (String arn : f.resources()) {
            if (Arns.isIamRole(arn)) {
                role = arn;
                break;
            }
        }
        if (role != null) {
            steps.add(trustPolicyCommand(role));
        }
    }

    private static String trustPolicyCommand(String roleArn) {
        return ShellCommand.of("aws", "iam", "get-role").option("--role-name", Arns.lastName(roleArn))
                .word("--query").word("Role.AssumeRolePolicyDocument").build();
    }

    private static void vpcEndpoint(DenialFacts f, List<String> steps) {
        ShellCommand command = ShellCommand.of("aws", "ec2", "describe-vpc-endpoints");
        if (f.vpcEndpointId() != null) {
            command.option("--vpc-endpoint-ids", f.vpcEndpointId());
        } else if (f.region() != null && f.eventSource() != null) {
            command.word("--filters").argument("Name=service-name,Values=com.amazonaws." + f.region() + "."
                    + ActionNames.servicePrefix(f.eventSource()));
        } else {
            return;
        }
        steps.add(regional(command, f.region()));
    }

    private static void keyPolicy(String keyArn, String eventRegion, List<String> steps) {
        if (keyArn == null) {
            return;
        }
        steps.add(regional(ShellCommand.of("aws", "kms", "get-key-policy").option("--key-id", keyArn)
                .word("--policy-name").word("default"), regionOf(keyArn, eventRegion)));
    }

    private static void bucketPolicy(String s3Arn, List<String> steps) {
        String bucket = bucketName(s3Arn);
        if (bucket != null) {
            steps.add(ShellCommand.of("aws", "s3api", "get-bucket-policy").option("--bucket", bucket).build());
        }
    }

    private static void simulate(DenialFacts f, List<String> steps) {
        String identity = f.principal().identityArn();
        if (!Arns.isIamUserOrRole(identity) || !ActionNames.looksLikeAction(f.action())) {
            return;
        }
        ShellCommand command = ShellCommand.of("aws", "iam", "simulate-principal-policy")
                .option("--policy-source-arn", identity).option("--action-names", f.action());
        if (f.firstResource() != null) {
            command.option("--resource-arns", f.firstResource());
        }
        steps.add(command.build());
    }

    private static String bucketName(String s3Arn) {
        if (!"s3".equals(Arns.service(s3Arn)) || !Arns.account(s3Arn).isEmpty()) {
            return null;
        }
        String resource = Arns.resource(s3Arn);
        int slash = resource.indexOf('/');
        String bucket = slash < 0 ? resource : resource.substring(0, slash);
        return bucket.isEmpty() ? null : bucket;
    }

    private static String queueUrl(String sqsArn) {
        return "https://sqs." + Arns.region(sqsArn) + ".amazonaws.com/" + Arns.account(sqsArn) + "/"
                + Arns.resource(sqsArn);
    }

    private static String regionOf(String arn, String fallback) {
        String region = Arns.region(arn);
        return region == null || region.isEmpty() ? fallback : region;
    }

    private static String regional(ShellCommand command, String region) {
        if (region != null && !region.isEmpty()) {
            command.option("--region", region);
        }
        return command.build();
    }

    private static boolean isPlainId(String id) {
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
                    || c == '_')) {
                return false;
            }
        }
        return !id.isEmpty();
    }
}
