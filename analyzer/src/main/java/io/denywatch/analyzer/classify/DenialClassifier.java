package io.denywatch.analyzer.classify;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.denywatch.contract.denial.Category;
import io.denywatch.contract.denial.Diagnosis;
import io.denywatch.contract.denial.EnrichedDenial;
import io.denywatch.contract.denial.Principal;
import io.denywatch.contract.denial.SourceRef;
import io.denywatch.common.config.Config;
import io.denywatch.common.json.Json;

/**
 * Explains one CloudTrail event: when it records a denial, who was refused what, on which resource, which kind of
 * policy said no and where the fix lives; otherwise nothing.
 *
 * <p>Thread-safe and without per-call state beyond the result: one instance serves a whole streaming topology. The
 * error code is checked first, so the great majority of events (successes and other errors) cost a map lookup.
 */
public final class DenialClassifier {

    private final ErrorCodes errorCodes;

    /** A classifier with the documented error-code lists. */
    public DenialClassifier() {
        this(ErrorCodes.defaults());
    }

    public DenialClassifier(ErrorCodes errorCodes) {
        this.errorCodes = Objects.requireNonNull(errorCodes, "errorCodes");
    }

    /** A classifier configured by {@link ClassifierSettings}. */
    public static DenialClassifier from(Config config) {
        return new DenialClassifier(ErrorCodes.from(config));
    }

    /**
     * Classifies one event given as JSON bytes (one CloudTrail record, as the ingestor passes it on).
     *
     * @param source where the event was read from, or null
     * @return the explained denial; empty for anything that is not a denial, including JSON that is not an object
     * @throws MalformedEventException when the bytes are not JSON
     */
    public Optional<EnrichedDenial> classify(byte[] eventJson, SourceRef source) {
        Objects.requireNonNull(eventJson, "eventJson");
        JsonNode event;
        try {
            event = Json.mapper().readTree(eventJson);
        } catch (JsonProcessingException e) {
            throw new MalformedEventException("event is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new MalformedEventException("event cannot be read: " + e.getMessage(), e);
        }
        return event == null ? Optional.empty() : classify(event, source);
    }

    /**
     * Classifies one parsed event.
     *
     * @param source where the event was read from, or null
     * @return the explained denial; empty for anything that is not a denial (and for a node that is not an object)
     */
    public Optional<EnrichedDenial> classify(JsonNode event, SourceRef source) {
        if (event == null || !event.isObject()) {
            return Optional.empty();
        }
        Optional<Category> category = errorCodes.classify(event).category();
        return category.map(c -> explain(event, c, source));
    }

    private static EnrichedDenial explain(JsonNode event, Category category, SourceRef source) {
        String errorCode = emptyToNull(EventFields.text(event, "errorCode"));
        String errorMessage = EventFields.text(event, "errorMessage");
        String eventSource = EventFields.text(event, "eventSource");
        String eventName = EventFields.text(event, "eventName");
        String region = EventFields.text(event, "awsRegion");
        String recipient = EventFields.text(event, "recipientAccountId");

        DenialMessage message = DenialMessageParser.parse(errorMessage);
        Principal principal = PrincipalReader.read(event, message.principalArn());
        String action = ActionNames.looksLikeAction(message.action()) ? message.action()
                : ActionNames.fromEvent(eventSource, eventName);
        String owner = recipient != null ? recipient : principal.accountId();
        List<String> resources = ResourceArns.of(event, message,
                new ResourceArns.Context(partitionOf(principal), region, owner));

        DenialFacts facts = new DenialFacts(category, errorCode, message, action, resources, principal, recipient,
                region, eventSource, EventFields.text(event, "vpcEndpointId"),
                EventFields.text(event, "userIdentity", "accessKeyId"),
                EventFields.text(event, "userIdentity", "userName"));
        Diagnosis diagnosis = Diagnoser.diagnose(facts);

        return new EnrichedDenial(EnrichedDenial.SCHEMA_VERSION, EventFields.text(event, "eventID"),
                EventFields.text(event, "eventTime"), eventSource, eventName, region, recipient,
                EventFields.text(event, "requestID"), EventFields.text(event, "sourceIPAddress"),
                EventFields.text(event, "userAgent"), errorCode, errorMessage, category, principal, action,
                resources, resources.isEmpty() ? null : ResourceArns.family(resources.get(0)), diagnosis, source);
    }

    /** The partition of the caller's ARN ({@code aws-cn}, {@code aws-us-gov}), {@code aws} when unknown. */
    private static String partitionOf(Principal principal) {
        String partition = Arns.partition(principal.arn() != null ? principal.arn() : principal.identityArn());
        return partition == null || partition.isEmpty() ? Arns.DEFAULT_PARTITION : partition;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
