package io.denywatch.analyzer.classify;

import java.util.List;

import io.denywatch.contract.denial.Category;
import io.denywatch.contract.denial.Principal;

/**
 * Everything the diagnosis needs from one event, read once.
 *
 * @param category      authorization or authentication
 * @param errorCode     as logged, null for a console sign-in failure
 * @param message       the parsed error message
 * @param action        the IAM action, or null
 * @param resources     resource ARNs, most specific first
 * @param principal     who called
 * @param recipient     the account that received the call
 * @param region        the event's region
 * @param eventSource   e.g. {@code s3.amazonaws.com}
 * @param vpcEndpointId the VPC endpoint the call went through, when logged
 * @param accessKeyId   the access key the call was signed with, when logged
 * @param userName      {@code userIdentity.userName}, when logged
 */
record DenialFacts(Category category, String errorCode, DenialMessage message, String action, List<String> resources,
                   Principal principal, String recipient, String region, String eventSource, String vpcEndpointId,
                   String accessKeyId, String userName) {

    /** The first resource, or null. */
    String firstResource() {
        return resources.isEmpty() ? null : resources.get(0);
    }

    /** The first resource of a service ({@code kms}, {@code iam}...), or null. */
    String firstResourceOf(String service) {
        for (String arn : resources) {
            if (service.equals(Arns.service(arn))) {
                return arn;
            }
        }
        return null;
    }

    /** The error code without EC2's {@code Client.} prefix; null stays null. */
    String bareErrorCode() {
        return errorCode != null && errorCode.startsWith("Client.") ? errorCode.substring("Client.".length())
                : errorCode;
    }
}
