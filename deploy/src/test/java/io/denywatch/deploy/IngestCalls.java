package io.denywatch.deploy;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The IAM actions the ingest code needs, found from its calls: every S3 and SQS client operation (listed from the
 * SDK's client interfaces) that the ingest sources call, mapped to the action AWS authorizes it as.
 */
final class IngestCalls {

    static final String SOURCES = "ingest/src/main/java/io/denywatch/ingest";

    /** Code only {@code denywatch replay} runs: it lists the bucket; the queue consumer never does. */
    private static final Set<String> REPLAY_ONLY = Set.of("replay/", "logfile/LogFileLister.java");

    /** Operations authorized as another action than their name says. */
    private static final Map<String, String> SPECIAL = Map.of(
            "s3:ListObjectsV2", "s3:ListBucket",
            "s3:ListObjects", "s3:ListBucket",
            "s3:HeadObject", "s3:GetObject",
            "s3:HeadBucket", "s3:ListBucket");

    private IngestCalls() {
    }

    /** Action → the source files (relative to {@link #SOURCES}) that call it. */
    static Map<String, Set<String>> actions() {
        return SdkCalls.actions(SOURCES, Map.of(S3Client.class, "s3", SqsClient.class, "sqs"), SPECIAL);
    }

    /** Actions the queue consumer ({@code denywatch ingest}) needs. */
    static Set<String> ingestActions() {
        Set<String> out = new TreeSet<>();
        actions().forEach((action, files) -> {
            if (files.stream().anyMatch(f -> REPLAY_ONLY.stream().noneMatch(f::startsWith))) {
                out.add(action);
            }
        });
        return out;
    }

    /** Actions {@code denywatch replay s3://...} needs: every S3 action of the code (replay reads S3 only). */
    static Set<String> replayActions() {
        Set<String> out = new TreeSet<>();
        actions().keySet().stream().filter(a -> a.startsWith("s3:")).forEach(out::add);
        return out;
    }
}
