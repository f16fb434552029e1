package io.denywatch.cli.scan;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.denywatch.cli.CliRun;
import io.denywatch.common.json.Json;
import io.denywatch.embedded.SampleLogFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code denywatch scan --html} opened in a real browser (Debian's headless Chromium): the page renders offline, and
 * markup hidden in events stays text — the browser's own DOM is checked, not the file's bytes.
 */
class ScanHtmlBrowserIT {

    private static final String HOSTILE = "<img src=x onerror=\"document.title='pwned'\"><script>document.title="
            + "'pwned'</script>";

    @Test
    void theReportRendersInChromiumWithEveryPartAndNoMarkupFromEvents(@TempDir Path dir) throws Exception {
        Path chromium = chromium();
        Path logs = Files.createDirectories(dir.resolve("logs"));
        for (String name : SampleLogFiles.names()) {
            Files.write(logs.resolve(name), SampleLogFiles.bytes(name));
        }
        Files.writeString(logs.resolve("123456789012_CloudTrail_us-east-1_20230710T1200Z_HostileEventsXyz.json"),
                hostileFile(), StandardCharsets.UTF_8);
        Path html = dir.resolve("report.html");

        CliRun run = CliRun.of("scan", "--json", "--html", html.toString(), logs.toString());
        assertEquals(0, run.code(), run.err());
        String[] lines = run.out().strip().split("\n");
        int incidents = Json.mapper().readTree(lines[lines.length - 1]).get("spikes").size();

        String dom = browse(chromium, dir, "--dump-dom", html);
        assertTrue(dom.contains("<title>denywatch scan: "), dom);
        assertFalse(dom.contains("pwned</title>"), "a script ran");
        assertFalse(Pattern.compile("<img|<script", Pattern.CASE_INSENSITIVE).matcher(dom).find(),
                "markup from events became elements");
        assertTrue(dom.contains("&lt;img src=x onerror="), "the hostile text is shown, as text");
        for (String section : List.of("timeline", "layers", "codes", "principals", "actions", "incidents")) {
            assertTrue(dom.contains("id=\"" + section + "\""), section);
        }
        assertTrue(incidents >= 3, "the sample and the hostile burst give incidents: " + incidents);
        assertEquals(incidents, count(dom, "<article class=\"incident"));
        assertTrue(dom.contains("<rect class=\"spike\""), "spikes are marked on the chart");

        Path png = dir.resolve("report.png");
        browse(chromium, dir, "--screenshot=" + png, html);
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(1200, image.getWidth());
        assertTrue(distinctColours(image) > 20, "the screenshot is not a blank page");
    }

    /** Twelve denials of one role whose every free-text field carries markup: an incident, and text to escape. */
    private static String hostileFile() {
        ObjectNode file = Json.mapper().createObjectNode();
        ArrayNode records = file.putArray("Records");
        for (int i = 0; i < 12; i++) {
            ObjectNode e = records.addObject();
            e.put("eventVersion", "1.09");
            ObjectNode who = e.putObject("userIdentity");
            who.put("type", "AssumedRole");
            who.put("arn", "arn:aws:sts::123456789012:assumed-role/ci-" + HOSTILE + "/session-" + HOSTILE);
            who.put("accountId", "123456789012");
            ObjectNode issuer = who.putObject("sessionContext").putObject("sessionIssuer");
            issuer.put("type", "Role");
            issuer.put("arn", "arn:aws:iam::123456789012:role/ci-" + HOSTILE);
            issuer.put("accountId", "123456789012");
            e.put("eventTime", "2023-07-10T12:0" + (i % 5) + ":00Z");
            e.put("eventSource", "s3.amazonaws.com");
            e.put("eventName", "GetObject");
            e.put("awsRegion", "us-east-1");
            e.put("sourceIPAddress", "198.51.100.7");
            e.put("userAgent", HOSTILE);
            e.put("errorCode", "AccessDenied");
            e.put("errorMessage", "User: " + HOSTILE + " is not authorized to perform: s3:GetObject on resource: \""
                    + "arn:aws:s3:::bucket-" + i + "/" + HOSTILE + "\" because no identity-based policy allows the"
                    + " s3:GetObject action");
            e.putObject("requestParameters").put("bucketName", "bucket").put("key", HOSTILE);
            e.put("eventID", UUID.nameUUIDFromBytes(("hostile-" + i).getBytes(StandardCharsets.UTF_8)).toString());
            e.put("requestID", "REQ" + i + HOSTILE);
            e.put("eventType", "AwsApiCall");
            e.put("recipientAccountId", "123456789012");
        }
        return Json.mapper().valueToTree(file).toString();
    }

    private static String browse(Path chromium, Path dir, String what, Path html) throws Exception {
        List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                "--user-data-dir=" + dir.resolve("profile"), "--window-size=1200,2000", what,
                html.toUri().toString()));
        Path out = dir.resolve("chromium.out");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile())
                .redirectError(dir.resolve("chromium.err").toFile()).start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("chromium did not finish in 90 s");
        }
        assertEquals(0, process.exitValue(), Files.readString(dir.resolve("chromium.err")));
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    private static Path chromium() {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (new File(candidate).canExecute()) {
                return Path.of(candidate);
            }
        }
        return fail("chromium is not installed, and the HTML report cannot be checked in a browser without it:"
                + " run deploy/ci/install-test-tools.sh (or apt-get install chromium)");
    }

    private static int count(String text, String needle) {
        Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static int distinctColours(BufferedImage image) {
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 7) {
            for (int x = 0; x < image.getWidth(); x += 7) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }
}
