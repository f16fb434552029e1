package io.denywatch.ingest.logfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.denywatch.ingest.notification.ObjectRef;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

class LogFileListerTest {

    private static final String BUCKET = "example-trail-bucket";
    private static final String ORG_PREFIX = "org trail/été";
    private static final String ORG_ROOT = ORG_PREFIX + "/AWSLogs/o-a1b2c3d4e5/";
    private static final Instant DAY_START = Instant.parse("2023-07-10T00:00:00Z");
    private static final Instant DAY_END = Instant.parse("2023-07-11T00:00:00Z");

    /** The real files, compressed as CloudTrail delivers them, in an account trail without prefix. */
    private static final List<String> REAL = RealFileNames.all().stream()
            .map(name -> RealFileNames.accountTrailKey("", name) + ".gz")
            .collect(Collectors.toList());

    /** Objects the walk must never list or return: other services, digests, other days, junk folders. */
    private static final List<String> NOISE = List.of(
            "AWSLogs/218007301253/CloudTrail-Digest/us-east-1/2023/07/10/"
                    + "218007301253_CloudTrail-Digest_us-east-1_main_us-east-1_20230710T120000Z.json.gz",
            "AWSLogs/218007301253/CloudTrail-Insight/us-east-1/2023/07/10/"
                    + "218007301253_CloudTrail-Insight_us-east-1_20230710T1200Z_Q1w2E3r4T5y6U7i8.json.gz",
            "AWSLogs/218007301253/Config/ConfigWritabilityCheckFile",
            "AWSLogs/218007301253/CloudTrail/us-east-1/2023/06/01/"
                    + "218007301253_CloudTrail_us-east-1_20230601T1200Z_Old0Old0Old0Old0.json.gz",
            "AWSLogs/218007301253/CloudTrail/us-east-1/2023/07/10/notes.txt",
            "AWSLogs/218007301253/CloudTrail/_scratch/2023/07/10/"
                    + "218007301253_CloudTrail_us-east-1_20230710T1200Z_Scr0Scr0Scr0Scr0.json.gz",
            "AWSLogs/not-an-account/CloudTrail/us-east-1/2023/07/10/x.json.gz",
            "AWSLogs/readme.txt",
            "index.html");

    @Test
    void listsExactlyTheFilesDeliveredFromIncludedToExcluded() {
        final InMemoryS3Listing s3 = bucket(1_000);
        final Instant from = Instant.parse("2023-07-10T12:00:00Z");
        final Instant to = Instant.parse("2023-07-10T12:30:00Z");
        final Set<String> expected = REAL.stream()
                .filter(key -> {
                    final String stamp = key.split("_")[3];
                    return stamp.compareTo("20230710T1200Z") >= 0 && stamp.compareTo("20230710T1230Z") < 0;
                })
                .collect(Collectors.toSet());
        final List<String> listed = keys(new LogFileLister(s3).list(BUCKET, null, from, to).collect(Collectors.toList()));
        assertEquals(expected, Set.copyOf(listed));
        assertEquals(expected.size(), listed.size(), "no file twice");
        assertTrue(listed.stream().anyMatch(k -> k.contains("_20230710T1200Z_")), "from is included");
        assertFalse(listed.stream().anyMatch(k -> k.contains("_20230710T1230Z_")), "to is excluded");
    }

    @Test
    void listsEveryRealFileOfTheDayAndNothingElse() {
        final List<ObjectRef> listed = new LogFileLister(bucket(1_000)).list(BUCKET, "", DAY_START, DAY_END)
                .collect(Collectors.toList());
        assertEquals(Set.copyOf(REAL), Set.copyOf(keys(listed)));
        assertEquals(55, listed.size());
        listed.forEach(ref -> assertEquals(BUCKET, ref.bucket()));
    }

    @Test
    void walksOrganizationTrailsUnderAPrefixWithSpacesAndUnicode() {
        final String first = ORG_ROOT + "111122223333/CloudTrail/eu-west-1/2023/07/10/"
                + "111122223333_CloudTrail_eu-west-1_20230710T1205Z_Ab12Cd34Ef56Gh78.json.gz";
        final String second = ORG_ROOT + "444455556666/CloudTrail/us-east-1/2023/07/10/"
                + "444455556666_CloudTrail_us-east-1_20230710T1210Z_Jk90Lm12No34Pq56.json.gz";
        final String digest = ORG_ROOT + "444455556666/CloudTrail-Digest/us-east-1/2023/07/10/"
                + "444455556666_CloudTrail-Digest_us-east-1_org_us-east-1_20230710T120000Z.json.gz";
        final InMemoryS3Listing s3 = bucket(2).put(BUCKET, List.of(first, second, digest));
        final LogFileLister lister = new LogFileLister(s3);
        assertEquals(List.of(first, second), keys(lister.list(BUCKET, ORG_PREFIX, DAY_START, DAY_END)
                .collect(Collectors.toList())));
        assertEquals(List.of(first, second), keys(lister.list(BUCKET, ORG_PREFIX + "/", DAY_START, DAY_END)
                .collect(Collectors.toList())));
    }

    @Test
    void findsAFileFiledUnderTheNeighbouringDayFolder() {
        final String lateFiled = "AWSLogs/218007301253/CloudTrail/us-east-1/2023/07/09/"
                + "218007301253_CloudTrail_us-east-1_20230710T0000Z_Lat0Lat0Lat0Lat0.json.gz";
        final InMemoryS3Listing s3 = bucket(1_000).put(BUCKET, List.of(lateFiled));
        final List<String> listed = keys(new LogFileLister(s3).list(BUCKET, null, DAY_START,
                Instant.parse("2023-07-10T00:05:00Z")).collect(Collectors.toList()));
        assertEquals(List.of(lateFiled), listed);
    }

    @Test
    void listsOnlyTheLayoutsFoldersAndTheDaysInRangeNeverTheWholeBucket() {
        final InMemoryS3Listing s3 = bucket(3);
        new LogFileLister(s3).list(BUCKET, null, Instant.parse("2023-07-10T12:00:00Z"),
                Instant.parse("2023-07-10T13:00:00Z")).forEach(ref -> { });
        final Pattern dayFolder = Pattern.compile("AWSLogs/218007301253/CloudTrail/us-east-1/2023/07/(09|10|11)/");
        // Not "AWSLogs/not-an-account/" nor the "_scratch/" folder: names outside the layout are not walked.
        final Set<String> discovery = Set.of("AWSLogs/", "AWSLogs/218007301253/CloudTrail/");
        for (final ListObjectsV2Request request : s3.requests()) {
            if (request.delimiter() != null) {
                assertEquals("/", request.delimiter());
                assertTrue(discovery.contains(request.prefix()), "discovery of " + request.prefix());
            } else {
                assertTrue(dayFolder.matcher(request.prefix()).matches(), "day listing of " + request.prefix());
            }
        }
        final Set<String> dayListings = s3.requests().stream().filter(r -> r.delimiter() == null)
                .map(ListObjectsV2Request::prefix).collect(Collectors.toSet());
        assertEquals(3, dayListings.size(), "three day folders, padded, for the one region found");
    }

    @Test
    void followsContinuationTokensWhateverThePageSize() {
        final List<String> onePerPage = keys(new LogFileLister(bucket(1)).list(BUCKET, null, DAY_START, DAY_END)
                .collect(Collectors.toList()));
        final List<String> allInOne = keys(new LogFileLister(bucket(1_000)).list(BUCKET, null, DAY_START, DAY_END)
                .collect(Collectors.toList()));
        assertEquals(allInOne, onePerPage);
        assertEquals(55, onePerPage.size());
    }

    @Test
    void asksS3NothingBeforeTheStreamIsReadAndLaterDaysOnlyWhenItGetsThere() {
        final InMemoryS3Listing s3 = bucket(5);
        // The sample's day, then two days with nothing in them.
        final Iterator<ObjectRef> files = new LogFileLister(s3).list(BUCKET, null, DAY_START,
                DAY_END.plus(java.time.Duration.ofDays(2))).iterator();
        assertTrue(s3.requests().isEmpty(), "nothing listed before the stream is read");
        files.next();
        final int afterFirst = s3.requests().size();
        files.forEachRemaining(ref -> { });
        final int afterAll = s3.requests().size();
        // The first day is listed whole (its files are sorted by delivery time across accounts and regions); the
        // next days' folders are asked for only once the stream reaches them.
        assertTrue(afterFirst > 10, "the first day's pages before its first file: " + afterFirst);
        assertTrue(afterAll > afterFirst, "the later days were listed later: " + afterFirst + " then " + afterAll);
    }

    @Test
    void aDaysFilesComeInDeliveryOrderAcrossAccountsAndRegions() {
        final String a1200 = "AWSLogs/111111111111/CloudTrail/us-east-1/2023/07/10/"
                + "111111111111_CloudTrail_us-east-1_20230710T1200Z_aaaaaaaaaaaaaaaa.json.gz";
        final String a1210 = "AWSLogs/111111111111/CloudTrail/us-east-1/2023/07/10/"
                + "111111111111_CloudTrail_us-east-1_20230710T1210Z_bbbbbbbbbbbbbbbb.json.gz";
        final String b1205 = "AWSLogs/222222222222/CloudTrail/eu-west-1/2023/07/10/"
                + "222222222222_CloudTrail_eu-west-1_20230710T1205Z_cccccccccccccccc.json.gz";
        final InMemoryS3Listing s3 = new InMemoryS3Listing(2).put(BUCKET, List.of(a1210, b1205, a1200));

        assertEquals(List.of(a1200, b1205, a1210), keys(new LogFileLister(s3).list(BUCKET, null, DAY_START, DAY_END)
                .toList()), "by delivery time, not account by account");
    }

    @Test
    void anEmptyRangeAsksS3Nothing() {
        final InMemoryS3Listing s3 = bucket(1_000);
        assertEquals(0, new LogFileLister(s3).list(BUCKET, null, DAY_START, DAY_START).count());
        assertTrue(s3.requests().isEmpty());
    }

    @Test
    void refusesARangeThatEndsBeforeItStarts() {
        assertThrows(IllegalArgumentException.class,
                () -> new LogFileLister(bucket(1)).list(BUCKET, null, DAY_END, DAY_START));
    }

    @Test
    void surfacesS3ErrorsWhenTheStreamIsRead() {
        final LogFileLister lister = new LogFileLister(bucket(1));
        assertThrows(NoSuchBucketException.class,
                () -> lister.list("no-such-bucket", null, DAY_START, DAY_END).findFirst());
    }

    @Test
    void placesAwsLogsAfterThePrefixWithOneSlash() {
        assertEquals("AWSLogs/", LogFileLister.awsLogsFolder(null));
        assertEquals("AWSLogs/", LogFileLister.awsLogsFolder(""));
        assertEquals("logs/AWSLogs/", LogFileLister.awsLogsFolder("logs"));
        assertEquals("logs/AWSLogs/", LogFileLister.awsLogsFolder("logs/"));
        assertEquals("a b/été/AWSLogs/", LogFileLister.awsLogsFolder("a b/été"));
    }

    private static InMemoryS3Listing bucket(final int pageSize) {
        final List<String> keys = new ArrayList<>(REAL);
        keys.addAll(NOISE);
        return new InMemoryS3Listing(pageSize).put(BUCKET, keys);
    }

    private static List<String> keys(final List<ObjectRef> refs) {
        return refs.stream().map(ObjectRef::key).collect(Collectors.toList());
    }
}
