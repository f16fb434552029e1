package io.denywatch.analyzer.classify;

import io.denywatch.contract.denial.PolicyType;

/**
 * What an error message says about a denial, as {@link DenialMessageParser} read it. Every text field is null when the
 * message does not carry it.
 *
 * @param shape              which family of message it is
 * @param principalArn       the ARN after {@code User:}
 * @param action             the action after {@code is not authorized to perform:}, service prefix in lower case
 * @param resource           the resource after {@code on resource:}, without S3's quotes; for IAM's
 *                           {@code role Foo} form, the name or ARN after the type word
 * @param resourceType       IAM's type word ({@code role}, {@code user}, {@code policy}...) when the message has one
 * @param reason             what the reason clause says
 * @param policyType         the policy type the reason clause names, {@link PolicyType#UNKNOWN} when none
 * @param throughVpcEndpoint the deny came from a VPC endpoint policy transitively through a service control policy
 * @param policyArn          the denying policy's ARN appended after the type
 * @param authorizationId    the id for {@code GetRequestAuthorizationDetails}
 * @param encodedBlob        EC2's encoded authorization failure message
 * @param encodedTruncated   the blob cannot be whole (see {@link DenialMessageParser#isTruncated})
 */
record DenialMessage(Shape shape, String principalArn, String action, String resource, String resourceType,
                     Reason reason, PolicyType policyType, boolean throughVpcEndpoint, String policyArn,
                     String authorizationId, String encodedBlob, boolean encodedTruncated) {

    /** Families of error message. */
    enum Shape {
        /** {@code User: <arn> is not authorized to perform: <action>...}, alone or after EC2's lead sentence. */
        NOT_AUTHORIZED,
        /** EC2's {@code You are not authorized to perform this operation.}, with nothing readable after it. */
        EC2_GENERIC,
        /** S3's bare {@code Access Denied}: detail withheld, typically for callers outside the organization. */
        BARE_ACCESS_DENIED,
        /** A network-activity event's {@code The request was denied due to a VPC endpoint policy}. */
        VPC_ENDPOINT_DENIED,
        /** KMS's older {@code The ciphertext refers to a customer master key that does not exist...}. */
        KMS_CIPHERTEXT,
        /** Cost Explorer and Billing: {@code IAM user access not activated} for the account. */
        BILLING_ACCESS_NOT_ACTIVATED,
        /** No message at all. */
        EMPTY,
        /** Text of no known family. */
        OTHER
    }

    /** What the reason clause says. */
    enum Reason {
        /** {@code because no <type> allows the <action> action}. */
        IMPLICIT,
        /** {@code with an explicit deny[ in a|an|the <type>]}. */
        EXPLICIT,
        /** KMS: the key does not exist in the region, or no key policy allows, or one denies. */
        KMS_KEY_ACCESS,
        /** S3 Block Public Access refused a public ACL or policy. */
        BLOCK_PUBLIC_ACCESS,
        /** The bucket blocks uploads with customer-provided keys (SSE-C). */
        SSE_C_BLOCKED,
        /** The message has no reason clause. */
        NONE,
        /** A reason clause of no known form. */
        UNRECOGNIZED
    }
}
