/**
 * Looking up why a call was refused, when allowed: opt-in and read-only. {@link io.denywatch.resolve.Call} is the
 * refused call as a lookup sees it, {@link io.denywatch.resolve.PolicySource} reads the documents from AWS
 * ({@code aws} package), the {@code policy} package matches them against the call with the SDK's IAM policy model, and
 * the resolver puts the two together into a {@link io.denywatch.contract.denial.Resolution}.
 */
package io.denywatch.resolve;
