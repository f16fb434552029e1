package io.denywatch.resolve.aws;

import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.denywatch.contract.denial.PolicyType;

/**
 * Run in a child JVM by {@link EndpointVariablesTest}: reads through {@link AwsPolicySource#create} (the default
 * credentials chain, the environment the child was given) and prints, one line each, a managed policy, an SCP and a
 * decoded message, as compact JSON.
 *
 * <p>Arguments: a managed policy ARN, an SCP ARN, an encoded message.
 */
public final class EndpointProbe {

    private EndpointProbe() {
    }

    public static void main(String[] args) throws Exception {
        ObjectMapper json = new ObjectMapper();
        try (AwsPolicySource source = AwsPolicySource.create(new LookupSettings("us-east-1", null, null,
                Duration.ofSeconds(20)))) {
            System.out.println(json.readTree(source.managedPolicy(args[0]).orElseThrow().document()));
            System.out.println(json.readTree(source.organizationPolicy(args[1]).orElseThrow().document()));
            System.out.println(json.readTree(source.decode(args[2], null).orElseThrow()));
            System.out.println(source.organizationPolicies(args[3], PolicyType.SERVICE_CONTROL_POLICY).size());
        }
    }
}
