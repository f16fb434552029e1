/**
 * Matching policy documents against a refused call: {@link io.denywatch.resolve.policy.PolicyMatcher} names the Deny
 * statements that refuse it, the Allows that cover it, or the Allow that comes nearest and why it misses. Documents
 * are parsed with the SDK's IAM policy model; the rules, and what is reported as unknown, are in
 * {@code docs/resolve.md}.
 */
package io.denywatch.resolve.policy;
