package io.denywatch.ingest.logfile;

import io.denywatch.embedded.SampleLogFiles;

import java.util.List;

/** The names of real CloudTrail delivery files (the sample bundled with the embedded stack). */
final class RealFileNames {

    /** The account and region every one of those files was delivered for. */
    static final String ACCOUNT = "218007301253";
    static final String REGION = "us-east-1";

    private RealFileNames() {
    }

    /** The bundled sample's file names. */
    static List<String> all() {
        return SampleLogFiles.names();
    }

    /** {@code name} where CloudTrail puts it for an account trail, under {@code prefix} (empty for none). */
    static String accountTrailKey(final String prefix, final String name) {
        return (prefix.isEmpty() ? "" : prefix + "/") + "AWSLogs/" + ACCOUNT + "/CloudTrail/" + REGION + "/"
                + dayFolder(name) + name;
    }

    /** The {@code YYYY/MM/DD/} folder a file delivered at the minute in its name lives in. */
    static String dayFolder(final String name) {
        final String stamp = name.split("_")[3];
        return stamp.substring(0, 4) + "/" + stamp.substring(4, 6) + "/" + stamp.substring(6, 8) + "/";
    }
}
