package io.denywatch.ingest.replay;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Saved logs are read in delivery order across accounts and regions, the way a trail delivered them. */
class LocalFilesOrderTest {

    @Test
    void filesAreReadByTheDeliveryTimeInTheirNamesThenByName(@TempDir Path dir) throws Exception {
        Path a = Files.createDirectories(dir.resolve("111111111111"));
        Path b = Files.createDirectories(dir.resolve("222222222222"));
        Path a1200 = Files.writeString(a.resolve("111111111111_CloudTrail_us-east-1_20230710T1200Z_aaaaaaaaaaaaaaaa.json"), "{}");
        Path a1210 = Files.writeString(a.resolve("111111111111_CloudTrail_us-east-1_20230710T1210Z_bbbbbbbbbbbbbbbb.json"), "{}");
        Path b1205 = Files.writeString(b.resolve("222222222222_CloudTrail_eu-west-1_20230710T1205Z_cccccccccccccccc.json.gz"), "");
        Path renamed = Files.writeString(dir.resolve("incident-export.json"), "{}");

        assertEquals(List.of(renamed, a1200, b1205, a1210), Replayer.localFiles(dir));
    }
}
