package io.denywatch.contract.denial;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One refused AWS call, explained: the contract between the analyzer and everything downstream of it.
 *
 * <p>Serialised with Jackson, field names as declared, every field always present ({@code null} when unknown). The
 * JSON Schema {@code schemas/enriched-denial.v1.schema.json} on the classpath describes it for other languages.
 *
 * @param schemaVersion      {@link #SCHEMA_VERSION}; raised only for changes old readers cannot ignore
 * @param eventId            CloudTrail's {@code eventID}, the key for removing duplicates
 * @param eventTime          {@code eventTime} as logged
 * @param eventSource        e.g. {@code s3.amazonaws.com}
 * @param eventName          e.g. {@code PutObject}
 * @param awsRegion          the region the call was made to
 * @param recipientAccountId the account that received the call
 * @param requestId          {@code requestID}
 * @param sourceIpAddress    {@code sourceIPAddress}, which can also be a service name or {@code AWS Internal}
 * @param userAgent          as logged (CloudTrail keeps its first 1 KB)
 * @param errorCode          as logged; null for a console sign-in failure, which carries none
 * @param errorMessage       as logged (first 1 KB)
 * @param category           authorization or authentication
 * @param principal          who made the call
 * @param action             the IAM action refused, e.g. {@code s3:PutObject}, service prefix in lower case
 * @param resources          ARNs the call was about, most specific first; may be empty
 * @param resourceFamily     a stable, low-cardinality grouping of the first resource (bucket for objects, table for
 *                           indexes, role for sessions); null when there is no resource
 * @param diagnosis          why, and where the fix lives
 * @param source             the log file the event came from, when known
 */
@JsonPropertyOrder({"schemaVersion", "eventId", "eventTime", "eventSource", "eventName", "awsRegion",
        "recipientAccountId", "requestId", "sourceIpAddress", "userAgent", "errorCode", "errorMessage", "category",
        "principal", "action", "resources", "resourceFamily", "diagnosis", "source"})
public record EnrichedDenial(int schemaVersion, String eventId, String eventTime, String eventSource,
                             String eventName, String awsRegion, String recipientAccountId, String requestId,
                             String sourceIpAddress, String userAgent, String errorCode, String errorMessage,
                             Category category, Principal principal, String action, List<String> resources,
                             String resourceFamily, Diagnosis diagnosis, SourceRef source) {

    /** The version of this contract that this code writes. */
    public static final int SCHEMA_VERSION = 1;

    public EnrichedDenial {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(diagnosis, "diagnosis");
        resources = List.copyOf(resources);
    }
}
