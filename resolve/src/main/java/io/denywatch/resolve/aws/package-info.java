/**
 * Reading the documents behind a refusal from AWS, read-only: {@link io.denywatch.resolve.aws.AwsPolicySource}
 * implements {@link io.denywatch.resolve.PolicySource} over IAM, Organizations and STS, in the account each ARN names
 * (through a reader role for other accounts, {@link io.denywatch.resolve.aws.LookupSettings}). One class per lookup:
 * managed policies, a principal's policies, organization policies, message decoding and simulation.
 */
package io.denywatch.resolve.aws;
