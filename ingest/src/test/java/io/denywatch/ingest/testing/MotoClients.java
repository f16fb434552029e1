package io.denywatch.ingest.testing;

import io.denywatch.embedded.MotoServer;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** SDK clients pointed at a {@link MotoServer}. */
public final class MotoClients {

    private MotoClients() {
    }

    public static EventBridgeClient eventBridge(MotoServer moto) {
        return EventBridgeClient.builder().endpointOverride(moto.endpoint()).region(Region.of(MotoServer.REGION))
                .credentialsProvider(MotoServer.credentials()).httpClientBuilder(ApacheHttpClient.builder()).build();
    }

    public static SqsClient sqs(MotoServer moto) {
        return SqsClient.builder().endpointOverride(moto.endpoint()).region(Region.of(MotoServer.REGION))
                .credentialsProvider(MotoServer.credentials()).httpClientBuilder(ApacheHttpClient.builder()).build();
    }
}
