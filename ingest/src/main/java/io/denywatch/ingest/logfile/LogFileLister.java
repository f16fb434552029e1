package io.denywatch.ingest.logfile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import io.denywatch.ingest.notification.ObjectRef;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Finds the CloudTrail event log files delivered in a time range, for replay.
 *
 * <p>Walks CloudTrail's folder layout instead of the whole bucket: the accounts (or organization ids, then accounts)
 * under {@code AWSLogs/}, the regions under each account's {@code CloudTrail/}, then only the day folders of the
 * range (see {@link DeliveryDays#folders(Instant, Instant)}). Everything is listed lazily through the SDK's
 * paginators, so reading the result holds one page of keys at a time, whatever the size of the bucket.
 */
public final class LogFileLister {

    private static final String DELIMITER = "/";

    private final S3Client s3;

    /**
     * A lister over {@code s3}; the caller owns the client and closes it.
     *
     * @param s3 any S3 client: AWS, or an S3-compatible endpoint configured on the client
     */
    public LogFileLister(final S3Client s3) {
        this.s3 = Objects.requireNonNull(s3, "s3");
    }

    /**
     * The event log files whose delivery time, from their names, is in {@code [from, to)}, in delivery order: day by
     * day, the files of every account and region of the day sorted by delivery time. Lazy by day: nothing is listed
     * until the stream is read, and at most one day's keys are held. Digests, Insights files and other objects are
     * left out.
     *
     * @param bucket the trail's bucket
     * @param keyPrefix the trail's key prefix, the part before {@code AWSLogs/} ({@code "logs"} and {@code "logs/"}
     *     both mean {@code logs/AWSLogs/}); null or empty for none
     * @param from the earliest delivery time included
     * @param to the delivery time from which files are excluded; not before {@code from}
     * @return the files found; S3 errors surface as the SDK's exceptions while the stream is read
     */
    public Stream<ObjectRef> list(final String bucket, final String keyPrefix, final Instant from, final Instant to) {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("to " + to + " is before from " + from);
        }
        final List<String> days = DeliveryDays.folders(from, to);
        if (days.isEmpty()) {
            return Stream.empty();
        }
        // The SDK fetches a listing's first page as soon as its iterator is made, so even the root listing is only
        // made once the stream is read.
        final Iterator<String> roots = LazyIterators.flatMap(List.of(awsLogsFolder(keyPrefix)).iterator(),
                root -> folders(bucket, root));
        final Iterator<String> accounts = LazyIterators.flatMap(roots, folder -> accountFolders(bucket, folder));
        final Iterator<String> regions = LazyIterators.flatMap(accounts,
                account -> named(folders(bucket, account + "CloudTrail/"), LogFileKeys::isRegion));
        // Day by day, every account and region together, in delivery order, as a trail delivers them: account by
        // account, the windows downstream would see the next account's events as far behind the last one's.
        final List<String> regionFolders = new ArrayList<>();
        final Iterator<ObjectRef> files = LazyIterators.flatMap(days.iterator(), day -> {
            if (regionFolders.isEmpty()) {
                regions.forEachRemaining(regionFolders::add);
            }
            return deliveredOn(bucket, regionFolders, day, from, to);
        });
        return StreamSupport.stream(
                Spliterators.spliteratorUnknownSize(files, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /** One day's log files of every region folder, in delivery order (then key order). */
    private Iterator<ObjectRef> deliveredOn(final String bucket, final List<String> regionFolders, final String day,
            final Instant from, final Instant to) {
        final List<String> keys = new ArrayList<>();
        for (final String region : regionFolders) {
            keys(bucket, region + day).forEachRemaining(key -> {
                if (isDeliveredIn(key, from, to)) {
                    keys.add(key);
                }
            });
        }
        keys.sort(Comparator.comparing((String key) -> DeliveryStamp.of(key)).thenComparing(Comparator.naturalOrder()));
        return LazyIterators.map(keys.iterator(), key -> new ObjectRef(bucket, key));
    }

    /** Where CloudTrail's folders start under {@code keyPrefix}. */
    static String awsLogsFolder(final String keyPrefix) {
        if (keyPrefix == null || keyPrefix.isEmpty()) {
            return "AWSLogs/";
        }
        return keyPrefix.endsWith(DELIMITER) ? keyPrefix + "AWSLogs/" : keyPrefix + "/AWSLogs/";
    }

    /** An account folder as it is, an organization folder as the account folders inside it; anything else dropped. */
    private Iterator<String> accountFolders(final String bucket, final String folder) {
        final String name = lastName(folder);
        if (LogFileKeys.isAccount(name)) {
            return List.of(folder).iterator();
        }
        if (LogFileKeys.isOrgId(name)) {
            return named(folders(bucket, folder), LogFileKeys::isAccount);
        }
        return Collections.emptyIterator();
    }

    private static boolean isDeliveredIn(final String key, final Instant from, final Instant to) {
        final KeyVerdict verdict = LogFileKeys.classify(key);
        if (!(verdict instanceof KeyVerdict.LogFile)) {
            return false;
        }
        final Instant delivered = ((KeyVerdict.LogFile) verdict).delivered();
        return !delivered.isBefore(from) && delivered.isBefore(to);
    }

    /** The sub-folders directly inside {@code folder}, each ending in {@code /}. */
    private Iterator<String> folders(final String bucket, final String folder) {
        final ListObjectsV2Request request = ListObjectsV2Request.builder()
                .bucket(bucket).prefix(folder).delimiter(DELIMITER).build();
        return LazyIterators.map(s3.listObjectsV2Paginator(request).commonPrefixes().iterator(),
                CommonPrefix::prefix);
    }

    /** Every key under {@code folder}. */
    private Iterator<String> keys(final String bucket, final String folder) {
        final ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(bucket).prefix(folder).build();
        return LazyIterators.map(s3.listObjectsV2Paginator(request).contents().iterator(), S3Object::key);
    }

    private static Iterator<String> named(final Iterator<String> folders,
            final Predicate<String> nameTest) {
        return LazyIterators.filter(folders, folder -> nameTest.test(lastName(folder)));
    }

    /** {@code "a/b/c/"} → {@code "c"}. */
    private static String lastName(final String folder) {
        final String trimmed = folder.endsWith(DELIMITER) ? folder.substring(0, folder.length() - 1) : folder;
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }
}
