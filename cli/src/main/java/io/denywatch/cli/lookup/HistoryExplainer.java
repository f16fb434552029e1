package io.denywatch.cli.lookup;

import io.denywatch.analyzer.classify.DenialClassifier;
import io.denywatch.contract.denial.EnrichedDenial;
import io.denywatch.contract.denial.Principal;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClientBuilder;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * {@code explain --lookup}: the denials of a span of CloudTrail's event history, explained as {@code explain} explains
 * a file. The lookup attribute narrows what CloudTrail returns; the denial filter and {@code --principal} apply to
 * what comes back, as LookupEvents can filter on neither.
 */
public final class HistoryExplainer {

    private final DenialClassifier classifier;
    /** Each denial, with the event as CloudTrail's history returned it. */
    private final BiConsumer<EnrichedDenial, byte[]> out;
    private final PrintWriter err;
    private final boolean terminal;

    /**
     * @param out where each denial goes, in the order CloudTrail returns them (newest first)
     * @param err where progress (on a terminal) and the summary go
     */
    public HistoryExplainer(DenialClassifier classifier, BiConsumer<EnrichedDenial, byte[]> out, PrintWriter err) {
        this(classifier, out, err, System.console() != null);
    }

    HistoryExplainer(DenialClassifier classifier, BiConsumer<EnrichedDenial, byte[]> out, PrintWriter err,
                     boolean terminal) {
        this.classifier = classifier;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    /**
     * Reads the query's span with the AWS SDK's default credentials, and region unless one is given.
     *
     * @return the exit code: 0 when the span was read, 2 when CloudTrail could not be asked
     */
    public int explain(HistoryQuery query, String region) {
        CloudTrailClientBuilder builder = CloudTrailClient.builder().httpClientBuilder(ApacheHttpClient.builder());
        if (region != null) {
            builder.region(Region.of(region));
        }
        try (CloudTrailClient client = builder.build()) {
            return explain(new EventHistory(client), query);
        } catch (SdkClientException e) {
            err.println("Cannot ask CloudTrail: " + e.getMessage()
                    + " (set --region or AWS_REGION, and credentials as the AWS CLI takes them)");
            err.flush();
            return 2;
        }
    }

    int explain(EventHistory history, HistoryQuery query) {
        long[] denials = {0};
        EventHistory.Totals totals;
        try {
            totals = history.read(query, event -> {
                Optional<EnrichedDenial> denial = classifier.classify(event, null);
                if (denial.isPresent() && belongs(denial.get().principal(), query.principal())) {
                    denials[0]++;
                    out.accept(denial.get(), event);
                }
            }, read -> {
                if (terminal) {
                    err.printf("\rread %d events from CloudTrail, %d denials", read, denials[0]);
                    err.flush();
                }
            });
        } catch (AwsServiceException e) {
            if (terminal) {
                err.println();
            }
            err.println("CloudTrail refused LookupEvents: " + e.awsErrorDetails().errorCode() + ": "
                    + e.awsErrorDetails().errorMessage());
            err.flush();
            return 2;
        }
        if (terminal) {
            err.println();
        }
        err.printf("%d events from CloudTrail (%s to %s), %d denials, %d requests%n", totals.events(),
                query.start(), query.end(), denials[0], totals.requests());
        if (totals.truncated()) {
            err.printf("Stopped at --max-events %d: the span holds more; narrow it or raise --max-events.%n",
                    query.maxEvents());
        }
        err.flush();
        return 0;
    }

    private static boolean belongs(Principal principal, String wanted) {
        return wanted == null || principal != null
                && (wanted.equals(principal.identityArn()) || wanted.equals(principal.arn()));
    }
}
