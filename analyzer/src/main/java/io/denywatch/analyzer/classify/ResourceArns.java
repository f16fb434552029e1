package io.denywatch.analyzer.classify;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The ARNs a refused call was about, most specific first, and a stable grouping of them.
 *
 * <p>Sources, in order: the resource the error message names (it is the one that was refused), the event's
 * {@code resources[].ARN}, then ARNs rebuilt from well-known {@code requestParameters}. Only text shaped like an ARN
 * is kept; a wildcard {@code *} is not a resource. Names rebuilt into ARNs use the event's region and the account that
 * received the call, which owns the resource for every service listed here.
 */
final class ResourceArns {

    /** Bounds the record: a few calls name hundreds of resources, and alerts need the first few. */
    static final int MAX_RESOURCES = 20;

    /** Request parameters that hold a resource's ARN when they hold an ARN at all. */
    private static final String[] ARN_PARAMETERS = {"roleArn", "policyArn", "topicArn", "TopicArn", "resourceArn",
        "secretId", "logGroupArn", "streamARN", "stateMachineArn", "certificateArn"};

    private ResourceArns() {
    }

    /** Where an ARN is built: partition, region and owning account of the call. */
    record Context(String partition, String region, String account) {
    }

    /** The ARNs for one event, without duplicates, at most {@value #MAX_RESOURCES}. */
    static List<String> of(JsonNode event, DenialMessage message, Context context) {
        Set<String> arns = new LinkedHashSet<>();
        fromMessage(message, context, arns);
        JsonNode resources = EventFields.array(event, "resources");
        if (resources != null) {
            for (JsonNode r : resources) {
                add(arns, EventFields.text(r, "ARN"));
            }
        }
        JsonNode params = EventFields.object(event, "requestParameters");
        if (params != null) {
            fromRequestParameters(params, context, arns);
        }
        List<String> list = new ArrayList<>(arns);
        return list.size() > MAX_RESOURCES ? list.subList(0, MAX_RESOURCES) : list;
    }

    /**
     * A low-cardinality grouping of a resource ARN: the bucket for an S3 object or access-point object, the table for
     * a DynamoDB index or stream, the function for a Lambda alias or version, the log group for a log stream, the
     * role for an assumed-role session; any other ARN groups as itself. Null for null.
     */
    static String family(String arn) {
        if (!Arns.isArn(arn)) {
            return null;
        }
        String service = Arns.service(arn);
        String resource = Arns.resource(arn);
        String head = arn.substring(0, arn.length() - resource.length());
        switch (service) {
            case "s3":
                return head + s3Family(resource);
            case "dynamodb":
                return head + firstSegments(resource, '/', 2);
            case "lambda":
                return head + firstSegments(resource, ':', 2);
            case "logs":
                return head + firstSegments(resource, ':', 2);
            case "sts":
                String role = Arns.roleOfSession(arn);
                return role != null ? role : arn;
            default:
                return arn;
        }
    }

    private static String s3Family(String resource) {
        if (resource.startsWith("accesspoint/")) {
            return firstSegments(resource, '/', 2);
        }
        int slash = resource.indexOf('/');
        return slash < 0 ? resource : resource.substring(0, slash);
    }

    /** The first {@code count} segments of {@code text} split by {@code separator}. */
    private static String firstSegments(String text, char separator, int count) {
        int seen = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == separator && ++seen == count) {
                return text.substring(0, i);
            }
        }
        return text;
    }

    private static void fromMessage(DenialMessage message, Context context, Set<String> arns) {
        String resource = message.resource();
        if (resource == null) {
            return;
        }
        if (Arns.isArn(resource)) {
            arns.add(resource);
            return;
        }
        String type = message.resourceType();
        if (type != null && context.account() != null && isIamName(resource)) {
            arns.add("arn:" + context.partition() + ":iam::" + context.account() + ":" + type + "/" + resource);
        }
    }

    private static void fromRequestParameters(JsonNode params, Context context, Set<String> arns) {
        String bucket = EventFields.text(params, "bucketName");
        if (bucket != null && !bucket.isEmpty()) {
            String key = EventFields.text(params, "key");
            String bucketArn = "arn:" + context.partition() + ":s3:::" + bucket;
            arns.add(key != null && !key.isEmpty() ? bucketArn + "/" + key : bucketArn);
        }
        String table = EventFields.text(params, "tableName");
        if (table != null) {
            add(arns, Arns.isArn(table) ? table : regional(context, "dynamodb", "table/" + table));
        }
        String queueUrl = EventFields.text(params, "queueUrl");
        if (queueUrl != null) {
            add(arns, sqsArn(queueUrl, context));
        }
        String keyId = EventFields.text(params, "keyId");
        if (Arns.isArn(keyId)) {
            arns.add(keyId);
        }
        String function = EventFields.text(params, "functionName");
        if (function != null) {
            add(arns, Arns.isArn(function) ? function
                    : function.indexOf(':') < 0 ? regional(context, "lambda", "function:" + function) : null);
        }
        String roleName = EventFields.text(params, "roleName");
        if (roleName != null && context.account() != null && isIamName(roleName)) {
            arns.add("arn:" + context.partition() + ":iam::" + context.account() + ":role/" + roleName);
        }
        String instanceId = EventFields.text(params, "instanceId");
        if (instanceId != null && instanceId.startsWith("i-")) {
            add(arns, regional(context, "ec2", "instance/" + instanceId));
        }
        for (String field : ARN_PARAMETERS) {
            String value = EventFields.text(params, field);
            if (Arns.isArn(value)) {
                arns.add(value);
            }
        }
    }

    /**
     * {@code https://sqs.<region>.amazonaws.com/<account>/<name>} (or the legacy {@code queue.amazonaws.com} hosts) as
     * an ARN; null when the URL is not of that form.
     */
    static String sqsArn(String queueUrl, Context context) {
        int scheme = queueUrl.indexOf("://");
        if (scheme < 0) {
            return null;
        }
        int hostStart = scheme + 3;
        int pathStart = queueUrl.indexOf('/', hostStart);
        if (pathStart < 0) {
            return null;
        }
        String host = queueUrl.substring(hostStart, pathStart);
        String[] path = queueUrl.substring(pathStart + 1).split("/", -1);
        if (path.length != 2 || path[0].isEmpty() || path[1].isEmpty() || !allDigits(path[0])) {
            return null;
        }
        String region = context.region();
        if (host.startsWith("sqs.")) {
            int dot = host.indexOf('.', 4);
            if (dot > 4) {
                region = host.substring(4, dot);
            }
        }
        if (region == null) {
            return null;
        }
        return "arn:" + context.partition() + ":sqs:" + region + ":" + path[0] + ":" + path[1];
    }

    private static String regional(Context context, String service, String resource) {
        if (context.region() == null || context.account() == null) {
            return null;
        }
        return "arn:" + context.partition() + ":" + service + ":" + context.region() + ":" + context.account() + ":"
                + resource;
    }

    /** IAM names: letters, digits and {@code +=,.@_-}; anything else is not rebuilt into an ARN. */
    private static boolean isIamName(String name) {
        if (name.isEmpty() || name.length() > 128) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "+=,.@_-".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static void add(Set<String> arns, String candidate) {
        if (Arns.isArn(candidate)) {
            arns.add(candidate);
        }
    }
}
