package io.denywatch.analyzer.streams;

import io.denywatch.contract.denial.EnrichedDenial;
import io.denywatch.common.config.Config;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Ignore rules: denials that are known noise for this organisation (a probe, a log-delivery service, calls made by AWS
 * services) are kept out of the counts and incidents. They still reach the enriched topic, which is a record of
 * everything denied.
 */
public final class NoiseFilter {

    private final List<Pattern> principals;
    private final List<Pattern> actions;
    private final Set<String> eventNames;
    private final Set<String> sourceIps;
    private final boolean ignoreAwsServiceCalls;

    NoiseFilter(List<Pattern> principals, List<Pattern> actions, Set<String> eventNames, Set<String> sourceIps,
                boolean ignoreAwsServiceCalls) {
        this.principals = principals;
        this.actions = actions;
        this.eventNames = eventNames;
        this.sourceIps = sourceIps;
        this.ignoreAwsServiceCalls = ignoreAwsServiceCalls;
    }

    public static NoiseFilter from(Config config) {
        return new NoiseFilter(globs(config.get(AnalyzerSettings.IGNORE_PRINCIPALS)),
                globs(config.get(AnalyzerSettings.IGNORE_ACTIONS)),
                Set.copyOf(list(config.get(AnalyzerSettings.IGNORE_EVENT_NAMES))),
                Set.copyOf(list(config.get(AnalyzerSettings.IGNORE_SOURCE_IPS))),
                config.get(AnalyzerSettings.IGNORE_AWS_SERVICES));
    }

    /** The rule that ignores this denial, for the metric's label; null when it counts. */
    public String ignoredBy(EnrichedDenial d) {
        if (d.eventName() != null && eventNames.contains(d.eventName())) {
            return "event_name";
        }
        if (d.sourceIpAddress() != null && sourceIps.contains(d.sourceIpAddress())) {
            return "source_ip";
        }
        if (ignoreAwsServiceCalls && d.principal().invokedBy() != null) {
            return "aws_service";
        }
        if (matches(principals, d.principal().identityArn()) || matches(principals, d.principal().arn())) {
            return "principal";
        }
        if (matches(actions, d.action())) {
            return "action";
        }
        return null;
    }

    private static boolean matches(List<Pattern> patterns, String value) {
        if (value == null) {
            return false;
        }
        for (Pattern p : patterns) {
            if (p.matcher(value).matches()) {
                return true;
            }
        }
        return false;
    }

    /** A glob where {@code *} matches any run of characters and everything else is literal. */
    static Pattern glob(String glob) {
        return Pattern.compile(Arrays.stream(glob.split("\\*", -1)).map(Pattern::quote)
                .collect(Collectors.joining(".*")), Pattern.CASE_INSENSITIVE);
    }

    private static List<Pattern> globs(String csv) {
        return list(csv).stream().map(NoiseFilter::glob).toList();
    }

    private static List<String> list(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
