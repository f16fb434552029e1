package io.denywatch.analyzer.classify;

import io.denywatch.contract.denial.Principal;

import java.util.Set;

/**
 * What a denial says by itself about who refused it, for callers that carry no identity policy of their own.
 *
 * <p>A call logged with {@code userIdentity.type} {@code AWSService} was made by a service principal (such as
 * {@code delivery.logs.amazonaws.com}), not by an IAM user or role: a service principal has no identity-based policy,
 * no permissions boundary and no session policy, and service control policies do not apply to it. What it may do on a
 * customer's resource is granted in that resource's own policy, and a resource control policy can still refuse it. So
 * when such a caller is refused on a resource that has a policy of its own and the message names no policy, the layer
 * is the resource's policy or an RCP, and nothing else (IAM User Guide: "AWS service principals" and "Policy evaluation
 * logic"; AWS Organizations User Guide: "Service control policies" — SCPs do not affect service principals; "Resource
 * control policies").
 *
 * <p>Likewise {@code sts:AssumeRoleWithWebIdentity} and {@code sts:AssumeRoleWithSAML} are called without AWS
 * credentials: the caller has no identity in the account whose policies could refuse it, so what refuses the call is
 * the role's trust policy, or a resource control policy (IAM User Guide: "Requesting temporary security credentials",
 * "AssumeRoleWithWebIdentity" and "AssumeRoleWithSAML" in the STS API Reference: "Calling this operation does not
 * require the use of AWS security credentials").
 *
 * <p>Not sound, and so not inferred here: {@code invokedBy} alone (a service acting for a user, or a service-linked
 * role, does have identity policies).
 */
final class ServiceCallers {

    /**
     * Services whose resources carry a resource-based policy a service principal can be granted in (IAM User Guide:
     * "AWS services that work with IAM", the resource-based policies column).
     */
    private static final Set<String> RESOURCE_POLICY_SERVICES = Set.of("s3", "kms", "sqs", "sns", "lambda",
            "secretsmanager", "logs", "events", "ecr", "glacier", "backup", "es", "execute-api", "kinesis",
            "firehose", "ssm-incidents", "s3-object-lambda", "s3express");

    /** The service principals that deliver logs to a customer's bucket or log group. */
    private static final Set<String> LOG_DELIVERY = Set.of("delivery.logs.amazonaws.com", "cloudtrail.amazonaws.com",
            "logging.s3.amazonaws.com", "config.amazonaws.com", "logdelivery.elasticloadbalancing.amazonaws.com",
            "vpc-flow-logs.amazonaws.com", "logs.amazonaws.com");

    private ServiceCallers() {
    }

    /** Whether the caller is an AWS service principal refused on a resource that has a policy of its own. */
    static boolean refusedByResource(DenialFacts f) {
        if (!isServicePrincipal(f.principal())) {
            return false;
        }
        String action = f.action();
        int colon = action == null ? -1 : action.indexOf(':');
        String service = colon > 0 ? action.substring(0, colon) : null;
        if (service == null) {
            String resource = f.firstResource();
            service = resource == null ? null : Arns.service(resource);
        }
        return service != null && RESOURCE_POLICY_SERVICES.contains(service);
    }

    /** Whether the call is a refused federation into a role, which only the role's trust policy (or an RCP) decides. */
    static boolean federationRefused(DenialFacts f) {
        return "sts:AssumeRoleWithWebIdentity".equals(f.action()) || "sts:AssumeRoleWithSAML".equals(f.action());
    }

    /** Whether the caller is one of the services that deliver logs. */
    static boolean isLogDelivery(Principal principal) {
        return isServicePrincipal(principal) && principal.invokedBy() != null
                && LOG_DELIVERY.contains(principal.invokedBy());
    }

    private static boolean isServicePrincipal(Principal principal) {
        return principal != null && "AWSService".equals(principal.type());
    }
}
