package io.denywatch.analyzer.window;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one window knows about the denials of one key: the count, what was denied most, samples to look up,
 * and why. Updated in place by {@link #add}, so the aggregation logic is testable without Kafka.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class WindowAggregate {

    static final int TOP_CAPACITY = 20;
    static final int SAMPLES = 5;
    static final int REASONS = 8;

    private long count;
    private long firstSeen = Long.MAX_VALUE;
    private long lastSeen = Long.MIN_VALUE;
    private String identityArn;
    private String principalArn;
    private String account;
    private final TopCounts actions;
    private final TopCounts resources;
    private final TopCounts resourceFamilies;
    private final TopCounts errorMessages;
    private final TopCounts policyTypes;
    private final TopCounts reasons;
    private final Map<String, Occurrence.Why> reasonExamples;
    private final List<String> sampleEventIds;
    private final List<String> sampleRequestIds;

    public WindowAggregate() {
        this(new TopCounts(TOP_CAPACITY), new TopCounts(TOP_CAPACITY), new TopCounts(TOP_CAPACITY),
                new TopCounts(TOP_CAPACITY), new TopCounts(TOP_CAPACITY), new TopCounts(REASONS), new HashMap<>(),
                new ArrayList<>(), new ArrayList<>());
    }

    @JsonCreator
    WindowAggregate(@JsonProperty("actions") TopCounts actions, @JsonProperty("resources") TopCounts resources,
                    @JsonProperty("resourceFamilies") TopCounts resourceFamilies,
                    @JsonProperty("errorMessages") TopCounts errorMessages,
                    @JsonProperty("policyTypes") TopCounts policyTypes, @JsonProperty("reasons") TopCounts reasons,
                    @JsonProperty("reasonExamples") Map<String, Occurrence.Why> reasonExamples,
                    @JsonProperty("sampleEventIds") List<String> sampleEventIds,
                    @JsonProperty("sampleRequestIds") List<String> sampleRequestIds) {
        this.actions = actions;
        this.resources = resources;
        this.resourceFamilies = resourceFamilies;
        this.errorMessages = errorMessages;
        this.policyTypes = policyTypes;
        this.reasons = reasons;
        this.reasonExamples = reasonExamples;
        this.sampleEventIds = sampleEventIds;
        this.sampleRequestIds = sampleRequestIds;
    }

    /**
     * The aggregate of a window made of consecutive slices, oldest first: as if every denial of the slices had been
     * {@link #add added} to one aggregate in that order. Counts are exact; the top lists are merged with the capacity
     * of one aggregate times the number of slices, so a value that ranks in any slice keeps its count.
     */
    public static WindowAggregate merge(List<WindowAggregate> slices) {
        int n = Math.max(1, slices.size());
        WindowAggregate w = new WindowAggregate(new TopCounts(TOP_CAPACITY * n), new TopCounts(TOP_CAPACITY * n),
                new TopCounts(TOP_CAPACITY * n), new TopCounts(TOP_CAPACITY * n), new TopCounts(TOP_CAPACITY * n),
                new TopCounts(REASONS * n), new HashMap<>(), new ArrayList<>(), new ArrayList<>());
        for (WindowAggregate s : slices) {
            w.count += s.count;
            w.firstSeen = Math.min(w.firstSeen, s.firstSeen);
            w.lastSeen = Math.max(w.lastSeen, s.lastSeen);
            if (w.identityArn == null) {
                w.identityArn = s.identityArn;
                w.principalArn = s.principalArn;
                w.account = s.account;
            }
            w.actions.addAll(s.actions);
            w.resources.addAll(s.resources);
            w.resourceFamilies.addAll(s.resourceFamilies);
            w.errorMessages.addAll(s.errorMessages);
            w.policyTypes.addAll(s.policyTypes);
            w.reasons.addAll(s.reasons);
            s.reasonExamples.forEach(w.reasonExamples::putIfAbsent);
            for (String id : s.sampleEventIds) {
                if (w.sampleEventIds.size() < SAMPLES) {
                    w.sampleEventIds.add(id);
                }
            }
            for (String id : s.sampleRequestIds) {
                if (w.sampleRequestIds.size() < SAMPLES) {
                    w.sampleRequestIds.add(id);
                }
            }
        }
        return w;
    }

    /** Adds one denial; returns this, as Kafka Streams' aggregator expects. */
    public WindowAggregate add(Occurrence o) {
        count++;
        firstSeen = Math.min(firstSeen, o.eventTime());
        lastSeen = Math.max(lastSeen, o.eventTime());
        if (identityArn == null) {
            identityArn = o.identityArn();
            principalArn = o.principalArn();
            account = o.account();
        }
        actions.add(o.action());
        resources.add(o.resource());
        resourceFamilies.add(o.resourceFamily());
        errorMessages.add(o.errorMessage());
        if (o.diagnosis() != null) {
            policyTypes.add(o.diagnosis().policyType());
            String label = o.diagnosis().label();
            reasons.add(label);
            if (reasonExamples.size() < REASONS || reasonExamples.containsKey(label)) {
                reasonExamples.putIfAbsent(label, o.diagnosis());
            }
        }
        if (sampleEventIds.size() < SAMPLES && o.eventId() != null) {
            sampleEventIds.add(o.eventId());
        }
        if (sampleRequestIds.size() < SAMPLES && o.requestId() != null) {
            sampleRequestIds.add(o.requestId());
        }
        return this;
    }

    public long count() {
        return count;
    }

    public long firstSeen() {
        return firstSeen;
    }

    public long lastSeen() {
        return lastSeen;
    }

    public String identityArn() {
        return identityArn;
    }

    public String principalArn() {
        return principalArn;
    }

    public String account() {
        return account;
    }

    public TopCounts actions() {
        return actions;
    }

    public TopCounts resources() {
        return resources;
    }

    public TopCounts resourceFamilies() {
        return resourceFamilies;
    }

    public TopCounts errorMessages() {
        return errorMessages;
    }

    public TopCounts policyTypes() {
        return policyTypes;
    }

    /** The reason seen most often in this window, with its advice and next steps; null when none is known. */
    public Occurrence.Why dominantReason() {
        String label = reasons.first();
        return label == null ? null : reasonExamples.get(label);
    }

    public List<String> sampleEventIds() {
        return List.copyOf(sampleEventIds);
    }

    public List<String> sampleRequestIds() {
        return List.copyOf(sampleRequestIds);
    }
}
