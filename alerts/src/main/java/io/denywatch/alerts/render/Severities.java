package io.denywatch.alerts.render;

import io.denywatch.contract.incident.SpikeRecord;

/** The emoji that lets a reader tell the severity at a glance, even in a collapsed notification. */
final class Severities {

    static final String RESOLVED = ":white_check_mark:";

    private Severities() {
    }

    static String emoji(SpikeRecord.Severity severity) {
        if (severity == null) {
            return ":warning:";
        }
        switch (severity) {
            case CRITICAL:
                return ":red_circle:";
            case HIGH:
                return ":large_orange_circle:";
            default:
                return ":large_yellow_circle:";
        }
    }
}
