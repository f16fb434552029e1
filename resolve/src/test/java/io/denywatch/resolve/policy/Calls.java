package io.denywatch.resolve.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.denywatch.contract.denial.DenyKind;
import io.denywatch.contract.denial.PolicyType;
import io.denywatch.resolve.Call;
import io.denywatch.resolve.PolicyText;

/** Refused calls and policies as the tests write them. */
final class Calls {

    static final String ACCOUNT = "111122223333";
    static final String ROLE = "arn:aws:iam::111122223333:role/report-writer";

    private final String action;
    private final List<String> resources = new ArrayList<>();
    private final Map<String, String> context = new LinkedHashMap<>();
    private String region = "eu-west-1";

    private Calls(String action) {
        this.action = action;
    }

    static Calls call(String action, String... resources) {
        Calls call = new Calls(action);
        call.resources.addAll(List.of(resources));
        return call;
    }

    Calls with(String key, String value) {
        context.put(key, value);
        return this;
    }

    Calls in(String region) {
        this.region = region;
        return this;
    }

    Call build() {
        return new Call(ROLE, "AssumedRole", ACCOUNT, ACCOUNT, region, action, resources, DenyKind.EXPLICIT,
                PolicyType.SERVICE_CONTROL_POLICY, null, null, null, context);
    }

    static PolicyText policy(String name, PolicyType type, String document) {
        String arn = type == PolicyType.SERVICE_CONTROL_POLICY
                ? "arn:aws:organizations::999988887777:policy/o-abc123/service_control_policy/p-" + name
                : "arn:aws:iam::111122223333:policy/" + name;
        return new PolicyText(arn, name, type, document);
    }

    static PolicyText identity(String name, String document) {
        return policy(name, PolicyType.IDENTITY_BASED, document);
    }

    /** A policy of the given statements, each a JSON object. */
    static String document(String... statements) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}";
    }
}
