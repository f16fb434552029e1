package io.denywatch.analyzer.classify;

import java.util.Locale;
import java.util.Map;

/**
 * The IAM action a CloudTrail event stands for.
 *
 * <p>An error message that names the action is the best source ({@link #normalize}). Otherwise the action is the
 * service prefix of {@code eventSource} and the {@code eventName}, with the exceptions where the two differ: a few
 * services sign with another prefix than their endpoint, S3 logs API names that need other IAM actions, and Lambda
 * and CloudFront log API names with a version suffix.
 */
final class ActionNames {

    /** Endpoint prefixes whose IAM service prefix differs. */
    private static final Map<String, String> SERVICE_PREFIXES = Map.of(
            "monitoring", "cloudwatch",
            "email", "ses",
            "tagging", "tag",
            "streams.dynamodb", "dynamodb",
            "runtime.sagemaker", "sagemaker",
            "data.iot", "iot");

    /** S3 API names whose permission is another IAM action (S3 user guide, required permissions per operation). */
    private static final Map<String, String> S3_ACTIONS = Map.ofEntries(
            Map.entry("ListObjects", "ListBucket"),
            Map.entry("ListObjectsV2", "ListBucket"),
            Map.entry("HeadBucket", "ListBucket"),
            Map.entry("HeadObject", "GetObject"),
            Map.entry("ListObjectVersions", "ListBucketVersions"),
            Map.entry("ListBuckets", "ListAllMyBuckets"),
            Map.entry("ListMultipartUploads", "ListBucketMultipartUploads"),
            Map.entry("ListParts", "ListMultipartUploadParts"),
            Map.entry("CreateMultipartUpload", "PutObject"),
            Map.entry("UploadPart", "PutObject"),
            Map.entry("UploadPartCopy", "PutObject"),
            Map.entry("CompleteMultipartUpload", "PutObject"),
            Map.entry("CopyObject", "PutObject"),
            Map.entry("DeleteObjects", "DeleteObject"),
            Map.entry("SelectObjectContent", "GetObject"),
            Map.entry("GetBucketEncryption", "GetEncryptionConfiguration"),
            Map.entry("PutBucketEncryption", "PutEncryptionConfiguration"),
            Map.entry("DeleteBucketEncryption", "PutEncryptionConfiguration"),
            Map.entry("GetBucketLifecycle", "GetLifecycleConfiguration"),
            Map.entry("GetBucketLifecycleConfiguration", "GetLifecycleConfiguration"),
            Map.entry("PutBucketLifecycle", "PutLifecycleConfiguration"),
            Map.entry("PutBucketLifecycleConfiguration", "PutLifecycleConfiguration"),
            Map.entry("DeleteBucketLifecycle", "PutLifecycleConfiguration"),
            Map.entry("GetBucketReplication", "GetReplicationConfiguration"),
            Map.entry("PutBucketReplication", "PutReplicationConfiguration"),
            Map.entry("DeleteBucketReplication", "PutReplicationConfiguration"),
            Map.entry("GetBucketCors", "GetBucketCORS"),
            Map.entry("PutBucketCors", "PutBucketCORS"),
            Map.entry("DeleteBucketCors", "PutBucketCORS"),
            Map.entry("DeleteBucketTagging", "PutBucketTagging"),
            Map.entry("GetObjectLockConfiguration", "GetBucketObjectLockConfiguration"),
            Map.entry("PutObjectLockConfiguration", "PutBucketObjectLockConfiguration"),
            Map.entry("GetBucketNotificationConfiguration", "GetBucketNotification"),
            Map.entry("PutBucketNotificationConfiguration", "PutBucketNotification"),
            Map.entry("GetBucketAccelerateConfiguration", "GetAccelerateConfiguration"),
            Map.entry("PutBucketAccelerateConfiguration", "PutAccelerateConfiguration"),
            Map.entry("GetBucketAnalyticsConfiguration", "GetAnalyticsConfiguration"),
            Map.entry("GetBucketInventoryConfiguration", "GetInventoryConfiguration"),
            Map.entry("GetBucketMetricsConfiguration", "GetMetricsConfiguration"));

    private static final String AMAZONAWS = ".amazonaws.com";

    private ActionNames() {
    }

    /** An action as written in a message, with its service prefix in lower case ({@code SNS:Publish} → sns:Publish). */
    static String normalize(String action) {
        int colon = action.indexOf(':');
        if (colon <= 0) {
            return action;
        }
        String prefix = action.substring(0, colon);
        String lower = prefix.toLowerCase(Locale.ROOT);
        return lower.equals(prefix) ? action : lower + action.substring(colon);
    }

    /** True for {@code prefix:Name}: what a message's action must look like to be trusted. */
    static boolean looksLikeAction(String text) {
        if (text == null) {
            return false;
        }
        int colon = text.indexOf(':');
        return colon > 0 && colon < text.length() - 1 && text.indexOf(':', colon + 1) < 0;
    }

    /** The IAM action for an event, or null when the event names no source or no name. */
    static String fromEvent(String eventSource, String eventName) {
        if (eventSource == null || eventName == null || eventSource.isEmpty() || eventName.isEmpty()) {
            return null;
        }
        String service = servicePrefix(eventSource);
        String name = eventName;
        switch (service) {
            case "s3":
                name = S3_ACTIONS.getOrDefault(eventName, eventName);
                break;
            case "lambda":
                name = withoutLambdaVersion(eventName);
                break;
            case "cloudfront":
                name = withoutCloudFrontVersion(eventName);
                break;
            default:
                break;
        }
        return service + ":" + name;
    }

    /** {@code s3.amazonaws.com} → s3, with the documented exceptions. */
    static String servicePrefix(String eventSource) {
        String host = eventSource.toLowerCase(Locale.ROOT);
        String prefix = host.endsWith(AMAZONAWS) ? host.substring(0, host.length() - AMAZONAWS.length()) : host;
        return SERVICE_PREFIXES.getOrDefault(prefix, prefix);
    }

    /** Lambda logs {@code GetFunction20150331v2}, {@code ListFunctions20150331}: the date and version go. */
    private static String withoutLambdaVersion(String name) {
        int end = name.length();
        int v = end;
        while (v > 0 && Character.isDigit(name.charAt(v - 1))) {
            v--;
        }
        if (v < end && v > 0 && name.charAt(v - 1) == 'v') {
            end = v - 1;
        }
        int digits = end;
        while (digits > 0 && Character.isDigit(name.charAt(digits - 1))) {
            digits--;
        }
        return end - digits == 8 && digits > 0 ? name.substring(0, digits) : name;
    }

    /** CloudFront logs {@code CreateDistribution2020_05_31}: the API version goes. */
    private static String withoutCloudFrontVersion(String name) {
        int n = name.length();
        if (n > 10 && name.charAt(n - 3) == '_' && name.charAt(n - 6) == '_'
                && allDigits(name, n - 10, n - 6) && allDigits(name, n - 5, n - 3) && allDigits(name, n - 2, n)) {
            return name.substring(0, n - 10);
        }
        return name;
    }

    private static boolean allDigits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
