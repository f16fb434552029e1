package io.denywatch.ingest.logfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LogFileKeysTest {

    private static final String ACCOUNT = "111122223333";
    private static final String FILE = "111122223333_CloudTrail_us-east-1_20240514T1205Z_Ab12Cd34Ef56Gh78.json.gz";
    private static final String KEY = "AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/14/" + FILE;

    @Test
    void readsEveryRealFileNameInTheAccountLayout() {
        final List<String> names = RealFileNames.all();
        assertEquals(55, names.size());
        for (final String name : names) {
            final KeyVerdict.LogFile file = logFile(RealFileNames.accountTrailKey("", name));
            assertEquals("", file.prefix());
            assertEquals(RealFileNames.ACCOUNT, file.account());
            assertNull(file.orgId());
            assertEquals(RealFileNames.REGION, file.region());
            assertFalse(file.gzip(), "the dataset stores them uncompressed as .json");
            final String stamp = name.split("_")[3];
            assertEquals(Instant.parse(stamp.substring(0, 4) + "-" + stamp.substring(4, 6) + "-"
                    + stamp.substring(6, 11) + ":" + stamp.substring(11, 14).replace("Z", ":00Z")),
                    file.delivered(), name);
        }
    }

    @Test
    void readsEveryRealFileNameCompressedUnderAPrefix() {
        for (final String name : RealFileNames.all()) {
            final KeyVerdict.LogFile file = logFile(RealFileNames.accountTrailKey("security/trails", name) + ".gz");
            assertTrue(file.gzip());
            assertEquals("security/trails", file.prefix());
        }
    }

    @Test
    void readsTheDeliveryMinuteAccountAndRegion() {
        final KeyVerdict.LogFile file = logFile(KEY);
        assertEquals(new KeyVerdict.LogFile("", ACCOUNT, null, "us-east-1", Instant.parse("2024-05-14T12:05:00Z"),
                true), file);
        assertEquals("log_file", file.metricName());
    }

    @Test
    void readsOrganizationTrailsWithTheirOrgId() {
        final KeyVerdict.LogFile file = logFile("org-trail/AWSLogs/o-a1b2c3d4e5/" + KEY.substring("AWSLogs/".length()));
        assertEquals("o-a1b2c3d4e5", file.orgId());
        assertEquals(ACCOUNT, file.account());
        assertEquals("org-trail", file.prefix());
    }

    @ParameterizedTest
    @ValueSource(strings = {"trail logs", "été/日本語/ログ", "a+b/c%20d", "deep/er/than/one", "x/AWSLogs/123456789012/y",
        "line\nbreak", " "})
    void acceptsAnyPrefixIncludingSpacesUnicodeAndSlashes(final String prefix) {
        assertEquals(prefix, logFile(prefix + "/" + KEY).prefix());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ap-southeast-5", "us-gov-west-1", "cn-northwest-1", "eu-central-2", "il-central-1",
        "us-isob-east-1", "me-central-1"})
    void acceptsEveryRegionNameForm(final String region) {
        final String key = "AWSLogs/" + ACCOUNT + "/CloudTrail/" + region + "/2024/05/14/" + ACCOUNT + "_CloudTrail_"
                + region + "_20240514T1205Z_Ab12Cd34Ef56Gh78.json.gz";
        assertEquals(region, logFile(key).region());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2024/05/14/"
            + "111122223333_CloudTrail-Digest_us-east-1_management-events_us-east-1_20240514T120512Z.json.gz",
        "AWSLogs/o-a1b2c3d4e5/111122223333/CloudTrail-Digest/eu-west-1/2024/05/14/"
            + "111122223333_CloudTrail-Digest_eu-west-1_org-trail_us-east-1_20240514T125959Z.json.gz",
        "trail logs/AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2024/05/14/"
            + "111122223333_CloudTrail-Digest_us-east-1_management-events_us-east-1_20240514T120512Z.json.gz",
    })
    void skipsDigestFiles(final String key) {
        assertSkipped(SkipReason.DIGEST, key);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "AWSLogs/111122223333/CloudTrail-Insight/us-east-1/2024/05/14/"
            + "111122223333_CloudTrail-Insight_us-east-1_20240514T1215Z_Q1w2E3r4T5y6U7i8.json.gz",
        "AWSLogs/o-a1b2c3d4e5/111122223333/CloudTrail-Insight/us-east-1/2024/05/14/"
            + "111122223333_CloudTrail-Insight_us-east-1_20240514T1215Z_Q1w2E3r4T5y6U7i8.json.gz",
    })
    void skipsInsightFiles(final String key) {
        assertSkipped(SkipReason.INSIGHT, key);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "AWSLogs/111122223333/Config/ConfigWritabilityCheckFile",
        "config-prefix/AWSLogs/111122223333/Config/ConfigWritabilityCheckFile",
        "ConfigWritabilityCheckFile",
        "somewhere/else/ConfigWritabilityCheckFile",
        "AWSLogs/111122223333/Config/us-east-1/2024/5/14/ConfigHistory/111122223333_Config_us-east-1_ConfigHistory_"
            + "AWS::EC2::Instance_20240514T120000Z_20240514T130000Z_1.json.gz",
        "AWSLogs/111122223333/Config/us-east-1/2024/5/14/ConfigSnapshot/111122223333_Config_us-east-1_ConfigSnapshot_"
            + "20240514T120000Z_4f1c2d3e-5a6b-4c7d-8e9f-0a1b2c3d4e5f.json.gz",
    })
    void skipsAwsConfigFiles(final String key) {
        assertSkipped(SkipReason.CONFIG, key);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "AWSLogs/",
        "AWSLogs/111122223333/CloudTrail/",
        "AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/14/",
        "AWSLogs/111122223333/CloudTrail-Digest/",
        "index.html",
        "AWSLogs/111122223333/elasticloadbalancing/us-east-1/2024/05/14/some-alb-log.log.gz",
        "AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/14/notes.txt",
        // Timestamps and folders that are no real date or time.
        "AWSLogs/111122223333/CloudTrail/us-east-1/2024/13/14/"
            + "111122223333_CloudTrail_us-east-1_20240514T1205Z_Ab12Cd34Ef56Gh78.json.gz",
        "AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/14/"
            + "111122223333_CloudTrail_us-east-1_20240532T1205Z_Ab12Cd34Ef56Gh78.json.gz",
        "AWSLogs/111122223333/CloudTrail/us-east-1/2023/02/29/"
            + "111122223333_CloudTrail_us-east-1_20230301T0005Z_Ab12Cd34Ef56Gh78.json.gz",
        "AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/14/"
            + "111122223333_CloudTrail_us-east-1_20240514T2460Z_Ab12Cd34Ef56Gh78.json.gz",
        // A random id that is not 16 alphanumerics.
        "AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/14/"
            + "111122223333_CloudTrail_us-east-1_20240514T1205Z_Ab12Cd34Ef56Gh7.json.gz",
        "AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/14/"
            + "111122223333_CloudTrail_us-east-1_20240514T1205Z_Ab12Cd34Ef56Gh78X.json.gz",
        "AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/14/"
            + "111122223333_CloudTrail_us-east-1_20240514T1205Z_Ab12Cd34-f56Gh78.json.gz",
        // Wrong suffixes.
        "AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/14/"
            + "111122223333_CloudTrail_us-east-1_20240514T1205Z_Ab12Cd34Ef56Gh78.json.gz.tmp",
        "AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/14/"
            + "111122223333_CloudTrail_us-east-1_20240514T1205Z_Ab12Cd34Ef56Gh78.gz",
        // The file directly in the region folder, or one folder too deep.
        "AWSLogs/111122223333/CloudTrail/us-east-1/"
            + "111122223333_CloudTrail_us-east-1_20240514T1205Z_Ab12Cd34Ef56Gh78.json.gz",
        "AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/14/extra/"
            + "111122223333_CloudTrail_us-east-1_20240514T1205Z_Ab12Cd34Ef56Gh78.json.gz",
        // An account id of the wrong length, an org id in the wrong form.
        "AWSLogs/11112222333/CloudTrail/us-east-1/2024/05/14/"
            + "11112222333_CloudTrail_us-east-1_20240514T1205Z_Ab12Cd34Ef56Gh78.json.gz",
        "AWSLogs/o-abc/111122223333/CloudTrail/us-east-1/2024/05/14/" + FILE,
    })
    void skipsEverythingElseAsNotCloudTrail(final String key) {
        assertSkipped(SkipReason.NOT_CLOUDTRAIL, key);
    }

    @Test
    void skipsANullKeyAsNotCloudTrail() {
        assertSkipped(SkipReason.NOT_CLOUDTRAIL, null);
    }

    @Test
    void refusesAFileNamedForAnotherAccountThanItsFolder() {
        // CloudTrail never writes this: something else put or renamed it, so its events are not trusted as the
        // folder's account.
        assertSkipped(SkipReason.NOT_CLOUDTRAIL, "AWSLogs/444455556666/CloudTrail/us-east-1/2024/05/14/" + FILE);
        assertSkipped(SkipReason.NOT_CLOUDTRAIL,
                "AWSLogs/o-a1b2c3d4e5/444455556666/CloudTrail/us-east-1/2024/05/14/" + FILE);
    }

    @Test
    void refusesAFileNamedForAnotherRegionThanItsFolder() {
        assertSkipped(SkipReason.NOT_CLOUDTRAIL, "AWSLogs/111122223333/CloudTrail/us-west-2/2024/05/14/" + FILE);
    }

    @Test
    void takesTheDeliveryTimeFromTheNameEvenWhenTheDayFolderDiffers() {
        // Delivered at 00:00 on the 15th but filed under the 14th: the name is the precise delivery time, and
        // refusing the file would lose its events.
        final String key = "AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/14/"
                + "111122223333_CloudTrail_us-east-1_20240515T0000Z_Ab12Cd34Ef56Gh78.json.gz";
        assertEquals(Instant.parse("2024-05-15T00:00:00Z"), logFile(key).delivered());
    }

    @ParameterizedTest
    @ValueSource(strings = {"awslogs/", "AWSLOGS/", "AwsLogs/"})
    void matchesTheAwsLogsFolderCaseSensitively(final String root) {
        assertSkipped(SkipReason.NOT_CLOUDTRAIL, root + KEY.substring("AWSLogs/".length()));
    }

    @Test
    void matchesServiceFoldersRegionsAndSuffixesCaseSensitively() {
        assertSkipped(SkipReason.NOT_CLOUDTRAIL, KEY.replace("/CloudTrail/", "/cloudtrail/"));
        assertSkipped(SkipReason.NOT_CLOUDTRAIL, KEY.replace("/CloudTrail/", "/CLOUDTRAIL/"));
        assertSkipped(SkipReason.NOT_CLOUDTRAIL, KEY.replace("_CloudTrail_", "_cloudtrail_"));
        assertSkipped(SkipReason.NOT_CLOUDTRAIL, KEY.replace("us-east-1", "US-EAST-1"));
        assertSkipped(SkipReason.NOT_CLOUDTRAIL, KEY.replace(".json.gz", ".JSON.GZ"));
        assertSkipped(SkipReason.NOT_CLOUDTRAIL, KEY.replace("/CloudTrail/", "/CloudTrail-digest/"));
        assertSkipped(SkipReason.NOT_CLOUDTRAIL, "AWSLogs/O-A1B2C3D4E5/" + KEY.substring("AWSLogs/".length()));
    }

    @Test
    void keepsMixedCaseInTheRandomIdAndThePrefix() {
        assertEquals("Trail-LOGS", logFile("Trail-LOGS/" + KEY.replace("Ab12Cd34Ef56Gh78", "ABCDEFGHabcdefgh"))
                .prefix());
    }

    @Test
    void skipReasonsHaveStableLowerCaseMetricNames() {
        for (final SkipReason reason : SkipReason.values()) {
            assertEquals(reason.name().toLowerCase(Locale.ROOT), reason.metricName());
            assertEquals(reason.metricName(), new KeyVerdict.Skipped(reason).metricName());
        }
    }

    private static KeyVerdict.LogFile logFile(final String key) {
        return assertInstanceOf(KeyVerdict.LogFile.class, LogFileKeys.classify(key), key);
    }

    private static void assertSkipped(final SkipReason reason, final String key) {
        assertEquals(new KeyVerdict.Skipped(reason), LogFileKeys.classify(key), key);
    }
}
