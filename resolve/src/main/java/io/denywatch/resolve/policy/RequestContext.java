package io.denywatch.resolve.policy;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.denywatch.resolve.Call;

/**
 * The condition keys a refused call's record shows values for. Condition key names are not case-sensitive ("IAM JSON
 * policy elements: Condition"), so keys are looked up case-insensitively. A key that is absent here is one the record
 * does not show, not one the request lacked: absence never settles a condition.
 */
final class RequestContext {

    private final Map<String, String> values = new HashMap<>();

    private RequestContext() {
    }

    /**
     * The call's context, with the few global keys the call's own fields carry filled in when the context lacks them:
     * {@code aws:PrincipalArn} (the user or role, never the session, as "AWS global condition context keys" defines
     * it), {@code aws:PrincipalAccount} and {@code aws:RequestedRegion}.
     */
    static RequestContext of(Call call) {
        RequestContext context = new RequestContext();
        call.context().forEach(context::put);
        context.putIfAbsent("aws:PrincipalArn", call.principalArn());
        context.putIfAbsent("aws:PrincipalAccount", call.callerAccount());
        context.putIfAbsent("aws:RequestedRegion", call.region());
        return context;
    }

    Optional<String> value(String key) {
        return Optional.ofNullable(values.get(normal(key)));
    }

    private void put(String key, String value) {
        if (key != null && value != null) {
            values.put(normal(key), value);
        }
    }

    private void putIfAbsent(String key, String value) {
        if (value != null && !value.isBlank()) {
            values.putIfAbsent(normal(key), value);
        }
    }

    private static String normal(String key) {
        return key.trim().toLowerCase(Locale.ROOT);
    }
}
