package io.denywatch.analyzer.streams;

import io.denywatch.analyzer.classify.ErrorCodes;

/**
 * Which events may be denials, judged from two top-level fields alone, before any parsing: the analyzer's first step
 * ({@link DenialCandidateFilter}) and {@code denywatch scan}'s file readers decide alike, so that what a scan leaves
 * out is exactly what the topology would drop.
 */
public final class DenialCandidates {

    private DenialCandidates() {
    }

    /**
     * An event with an error code of a denial or authentication class, or a console sign-in (whose failures carry no
     * error code: the classifier looks inside).
     *
     * @param errorCode the event's {@code errorCode}, or null
     * @param eventName the event's {@code eventName}, or null
     */
    public static boolean mayBeDenial(ErrorCodes codes, String errorCode, String eventName) {
        if (errorCode != null) {
            return codes.classify(errorCode).category().isPresent();
        }
        return "ConsoleLogin".equals(eventName);
    }
}
