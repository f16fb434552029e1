package io.denywatch.common.cloudtrail;

import java.util.Set;

/**
 * The EventBridge detail-types CloudTrail publishes its events under (EventBridge user guide, events from AWS
 * services via CloudTrail). Such an event carries the CloudTrail event itself in {@code detail}, and its
 * {@code source} is {@code aws.<service>}.
 */
public final class EventBridgeDetailTypes {

    /** The detail-types whose {@code detail} is a CloudTrail event. */
    public static final Set<String> CLOUDTRAIL = Set.of("AWS API Call via CloudTrail",
            "AWS Console Sign In via CloudTrail", "AWS Service Event via CloudTrail");

    /** AWS refuses {@code PutEvents} with a source starting so: only AWS services publish them. */
    public static final String AWS_SOURCE_PREFIX = "aws.";

    private EventBridgeDetailTypes() {
    }

    /** Whether an EventBridge event of this detail-type and source carries a CloudTrail event in {@code detail}. */
    public static boolean carriesCloudTrailEvent(String detailType, String source) {
        return detailType != null && CLOUDTRAIL.contains(detailType) && source != null
                && source.startsWith(AWS_SOURCE_PREFIX);
    }
}
