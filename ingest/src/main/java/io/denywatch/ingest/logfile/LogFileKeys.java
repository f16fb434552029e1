package io.denywatch.ingest.logfile;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Classifies S3 keys in a trail bucket by CloudTrail's documented layout:
 * {@code [prefix/]AWSLogs/[o-orgid/]<account>/CloudTrail/<region>/YYYY/MM/DD/
 * <account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<16 alphanumerics>.json[.gz]}.
 *
 * <p>Matching is case-sensitive: CloudTrail always writes {@code AWSLogs}, {@code CloudTrail} and lower-case regions,
 * and S3 keys are case-sensitive, so {@code awslogs/...} is an object CloudTrail did not write.
 */
public final class LogFileKeys {

    private static final String ACCOUNT = "[0-9]{12}";
    private static final String ORG_ID = "o-[a-z0-9]{10,32}";
    private static final String REGION = "[a-z]{2}(?:-[a-z]+)+-[0-9]{1,2}";

    private static final Pattern ACCOUNT_PATTERN = Pattern.compile(ACCOUNT);
    private static final Pattern ORG_ID_PATTERN = Pattern.compile(ORG_ID);
    private static final Pattern REGION_PATTERN = Pattern.compile(REGION);

    /** Up to the service folder; the prefix is anything, including slashes, spaces and line breaks. */
    private static final Pattern LAYOUT = Pattern.compile("(?:(?<prefix>.*)/)?AWSLogs/(?:(?<org>" + ORG_ID + ")/)?"
            + "(?<account>" + ACCOUNT + ")/(?<service>[^/]+)/(?<rest>.*)", Pattern.DOTALL);

    /** Below {@code CloudTrail/}: the date folders and the file name. */
    private static final Pattern EVENT_FILE = Pattern.compile("(?<region>" + REGION + ")/"
            + "(?<year>[0-9]{4})/(?<month>[0-9]{2})/(?<day>[0-9]{2})/"
            + "(?<nameAccount>" + ACCOUNT + ")_CloudTrail_(?<nameRegion>" + REGION + ")_"
            + "(?<delivered>[0-9]{8}T[0-9]{4}Z)_[A-Za-z0-9]{16}\\.json(?<gz>\\.gz)?");

    private static final DateTimeFormatter DELIVERY_MINUTE =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmm'Z'").withResolverStyle(ResolverStyle.STRICT);

    private static final String CONFIG_CHECK_FILE = "ConfigWritabilityCheckFile";

    private static final KeyVerdict DIGEST = new KeyVerdict.Skipped(SkipReason.DIGEST);
    private static final KeyVerdict INSIGHT = new KeyVerdict.Skipped(SkipReason.INSIGHT);
    private static final KeyVerdict CONFIG = new KeyVerdict.Skipped(SkipReason.CONFIG);
    private static final KeyVerdict NOT_CLOUDTRAIL = new KeyVerdict.Skipped(SkipReason.NOT_CLOUDTRAIL);

    private LogFileKeys() {
    }

    /**
     * What {@code key} is.
     *
     * @param key an S3 key, already decoded
     * @return a {@link KeyVerdict.LogFile} for a CloudTrail event log file, else a {@link KeyVerdict.Skipped}
     */
    public static KeyVerdict classify(final String key) {
        if (key == null || key.isEmpty() || key.endsWith("/")) {
            return NOT_CLOUDTRAIL;
        }
        if (key.equals(CONFIG_CHECK_FILE) || key.endsWith("/" + CONFIG_CHECK_FILE)) {
            return CONFIG;
        }
        final Matcher layout = LAYOUT.matcher(key);
        if (!layout.matches()) {
            return NOT_CLOUDTRAIL;
        }
        switch (layout.group("service")) {
            case "CloudTrail":
                return eventFile(layout);
            case "CloudTrail-Digest":
                return DIGEST;
            case "CloudTrail-Insight":
                return INSIGHT;
            case "Config":
                return CONFIG;
            default:
                return NOT_CLOUDTRAIL;
        }
    }

    static boolean isAccount(final String name) {
        return ACCOUNT_PATTERN.matcher(name).matches();
    }

    static boolean isOrgId(final String name) {
        return ORG_ID_PATTERN.matcher(name).matches();
    }

    static boolean isRegion(final String name) {
        return REGION_PATTERN.matcher(name).matches();
    }

    private static KeyVerdict eventFile(final Matcher layout) {
        final Matcher file = EVENT_FILE.matcher(layout.group("rest"));
        if (!file.matches()) {
            return NOT_CLOUDTRAIL;
        }
        final String account = layout.group("account");
        final String region = file.group("region");
        // CloudTrail names every file after the account and region of the folder it writes it to. A file whose
        // name disagrees was written or renamed by something else; reading it would file its events under an
        // account and region that the path does not vouch for.
        if (!account.equals(file.group("nameAccount")) || !region.equals(file.group("nameRegion"))) {
            return NOT_CLOUDTRAIL;
        }
        final Instant delivered;
        try {
            // The day folder must be a real date, but it is not compared with the name: both are documented as the
            // delivery time without a promise they come from one clock reading, and the name is the precise one.
            LocalDate.of(Integer.parseInt(file.group("year")), Integer.parseInt(file.group("month")),
                    Integer.parseInt(file.group("day")));
            delivered = LocalDateTime.parse(file.group("delivered"), DELIVERY_MINUTE).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return NOT_CLOUDTRAIL;
        }
        final String prefix = layout.group("prefix");
        return new KeyVerdict.LogFile(prefix == null ? "" : prefix, account, layout.group("org"), region, delivered,
                file.group("gz") != null);
    }
}
