package io.denywatch.ingest.logfile;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/** The names of real CloudTrail delivery files (see {@code cloudtrail/invictus-ir/README.md} in test resources). */
final class RealFileNames {

    /** The account and region every one of those files was delivered for. */
    static final String ACCOUNT = "218007301253";
    static final String REGION = "us-east-1";

    private RealFileNames() {
    }

    static List<String> all() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                RealFileNames.class.getResourceAsStream("/cloudtrail/invictus-ir/file-names.txt"),
                StandardCharsets.UTF_8))) {
            return in.lines().filter(line -> !line.isBlank()).collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
