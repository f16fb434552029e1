package io.denywatch.resolve.policy;

import java.util.Optional;

import io.denywatch.resolve.Arn;
import io.denywatch.resolve.Call;

/**
 * Says why an Allow's Resource misses the call's resource, and whether the miss is a near one: the mistakes engineers
 * make most, where the fix is one edit to the ARN.
 *
 * <ul>
 *   <li>the bucket for its objects, or the reverse: S3 object actions are authorized on {@code arn:aws:s3:::b/key},
 *       bucket actions on {@code arn:aws:s3:::b} ("Policy resources for Amazon S3");</li>
 *   <li>the right resource in another region or account: every ARN part matches but those.</li>
 * </ul>
 */
final class ResourceMisses {

    /**
     * Why the Resource misses.
     *
     * @param near   whether it is one of the near misses above
     * @param reason a clause for the explanation
     */
    record Miss(boolean near, String reason) {
    }

    private ResourceMisses() {
    }

    static Miss explain(ElementMatch resource, Call call, RequestContext context) {
        String target = call.resource();
        if (resource.negative()) {
            return new Miss(false, "its NotResource " + Sentences.list(resource.listed()) + " leaves out "
                    + (target == null ? "calls that name no resource" : target));
        }
        if (target == null) {
            return new Miss(false, "its Resource lists " + Sentences.list(resource.listed()) + ", and "
                    + call.action() + " names no resource, which only Resource \"*\" covers");
        }
        for (String listed : resource.listed()) {
            PolicyVariables.Filled filled = PolicyVariables.fill(listed.trim(), context);
            if (filled.settled()) {
                Optional<String> near = bucketOrObjects(listed, filled.pattern(), target, call.action())
                        .or(() -> regionOrAccount(listed, filled.pattern(), target));
                if (near.isPresent()) {
                    return new Miss(true, near.get());
                }
            }
        }
        return new Miss(false, "its Resource lists " + Sentences.list(resource.listed()) + ", and none of them"
                + " matches " + target);
    }

    private static Optional<String> bucketOrObjects(String listed, WildcardPattern pattern, String target,
                                                    String action) {
        Optional<Arn> arn = Arn.parse(target);
        if (arn.isEmpty() || !arn.get().service().equals("s3") || !arn.get().account().isEmpty()) {
            return Optional.empty();
        }
        String text = pattern.text();
        int patternSlash = text.indexOf('/', Math.max(0, text.lastIndexOf(':')));
        int targetSlash = arn.get().resource().indexOf('/');
        if (targetSlash >= 0 && patternSlash < 0) {
            String bucket = target.substring(0, target.length() - arn.get().resource().length() + targetSlash);
            if (ArnPatterns.matches(pattern, bucket) == Match.YES) {
                return Optional.of("its Resource " + listed + " names the bucket, while " + action
                        + " acts on objects in it: it needs " + bucket + "/* or the object's own ARN");
            }
        }
        if (targetSlash < 0 && patternSlash >= 0
                && ArnPatterns.matches(pattern.slice(0, patternSlash), target) == Match.YES) {
            return Optional.of("its Resource " + listed + " names objects in the bucket, while " + action
                    + " acts on the bucket itself: it needs " + target);
        }
        return Optional.empty();
    }

    private static Optional<String> regionOrAccount(String listed, WildcardPattern pattern, String target) {
        boolean[] parts = ArnPatterns.partMatches(pattern, target);
        if (parts == null || !(parts[0] && parts[1] && parts[2] && parts[5]) || (parts[3] && parts[4])) {
            return Optional.empty();
        }
        String[] written = pattern.text().split(":", Arn.PARTS);
        String[] called = target.split(":", Arn.PARTS);
        StringBuilder reason = new StringBuilder("its Resource " + listed + " is for");
        if (!parts[3]) {
            reason.append(" region ").append(written[3]);
        }
        if (!parts[3] && !parts[4]) {
            reason.append(" and");
        }
        if (!parts[4]) {
            reason.append(" account ").append(written[4]);
        }
        reason.append(", while ").append(target).append(" is in");
        if (!parts[3]) {
            reason.append(" region ").append(called[3]);
        }
        if (!parts[3] && !parts[4]) {
            reason.append(" and");
        }
        if (!parts[4]) {
            reason.append(" account ").append(called[4]);
        }
        return Optional.of(reason.toString());
    }
}
