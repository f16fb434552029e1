package io.denywatch.analyzer.classify;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.denywatch.common.json.Json;

/** Builds CloudTrail events for tests, field by field, starting from a realistic denied call. */
final class Events {

    static final String ACCOUNT = "123456789012";
    static final String ROLE_ARN = "arn:aws:iam::" + ACCOUNT + ":role/app-role";
    static final String SESSION_ARN = "arn:aws:sts::" + ACCOUNT + ":assumed-role/app-role/worker-7";

    private final ObjectNode event = Json.mapper().createObjectNode();

    private Events() {
        event.put("eventVersion", "1.11");
        event.put("eventTime", "2026-01-15T10:00:00Z");
        event.put("awsRegion", "eu-west-1");
        event.put("recipientAccountId", ACCOUNT);
        event.put("eventID", "11111111-2222-3333-4444-555555555555");
        event.put("requestID", "REQ123");
        event.put("sourceIPAddress", "198.51.100.7");
        event.put("userAgent", "aws-cli/2.15.0");
        event.put("eventType", "AwsApiCall");
        assumedRole(SESSION_ARN, ROLE_ARN);
    }

    /** A denied {@code s3:PutObject} by an assumed role, with the given error message. */
    static Events denied(String errorCode, String errorMessage) {
        Events e = new Events().call("s3.amazonaws.com", "PutObject");
        e.event.put("errorCode", errorCode);
        if (errorMessage != null) {
            e.event.put("errorMessage", errorMessage);
        }
        return e;
    }

    /** A successful call. */
    static Events succeeded(String eventSource, String eventName) {
        return new Events().call(eventSource, eventName);
    }

    Events call(String eventSource, String eventName) {
        event.put("eventSource", eventSource);
        event.put("eventName", eventName);
        return this;
    }

    Events set(String field, String value) {
        if (value == null) {
            event.remove(field);
        } else {
            event.put(field, value);
        }
        return this;
    }

    Events param(String name, String value) {
        ObjectNode params = event.has("requestParameters") ? (ObjectNode) event.get("requestParameters")
                : event.putObject("requestParameters");
        params.put(name, value);
        return this;
    }

    Events response(String name, String value) {
        ObjectNode response = event.has("responseElements") ? (ObjectNode) event.get("responseElements")
                : event.putObject("responseElements");
        response.put(name, value);
        return this;
    }

    Events resource(String arn) {
        ArrayNode resources = event.has("resources") ? (ArrayNode) event.get("resources") : event.putArray("resources");
        ObjectNode r = resources.addObject();
        r.put("ARN", arn);
        r.put("accountId", ACCOUNT);
        return this;
    }

    Events assumedRole(String sessionArn, String roleArn) {
        ObjectNode identity = event.putObject("userIdentity");
        identity.put("type", "AssumedRole");
        identity.put("principalId", "AROAEXAMPLE:worker-7");
        identity.put("arn", sessionArn);
        identity.put("accountId", ACCOUNT);
        identity.put("accessKeyId", "ASIAEXAMPLE");
        if (roleArn != null) {
            ObjectNode issuer = identity.putObject("sessionContext").putObject("sessionIssuer");
            issuer.put("type", "Role");
            issuer.put("arn", roleArn);
            issuer.put("accountId", ACCOUNT);
            issuer.put("userName", roleArn.substring(roleArn.lastIndexOf('/') + 1));
        }
        return this;
    }

    Events identity(String json) {
        try {
            event.set("userIdentity", Json.mapper().readTree(json));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
        return this;
    }

    JsonNode json() {
        return event.deepCopy();
    }

    byte[] bytes() {
        try {
            return Json.mapper().writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
