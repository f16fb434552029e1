package io.denywatch.ingest.logfile;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The delivery minute in a CloudTrail log file's name ({@code <account>_CloudTrail_<region>_20230710T1145Z_<id>}), as
 * text that sorts in time order; empty for a name without one, so renamed files sort first, by name.
 */
public final class DeliveryStamp {

    private static final Pattern STAMP = Pattern.compile("_(\\d{8}T\\d{4}Z)_");

    private DeliveryStamp() {
    }

    public static String of(String fileName) {
        Matcher m = STAMP.matcher(fileName);
        return m.find() ? m.group(1) : "";
    }
}
