package io.denywatch.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.denywatch.cli.CliRun;
import io.denywatch.common.json.Json;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code denywatch demo --once}: the whole path in one process, as a newcomer runs it. */
class DemoCommandIT {

    @Test
    void theDemoExplainsAlertsAndExitsOnceTheSampleAndTheScriptedIncidentAreThrough() throws Exception {
        List<JsonNode> webhook = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", exchange -> {
            webhook.add(Json.mapper().readTree(exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        CliRun run;
        try {
            run = CliRun.of("demo", "--once", "--http-port", "0",
                    "--set", "alerts.webhook.url=http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
        } finally {
            server.stop(0);
        }
        String out = run.out();
        assertEquals(0, run.code(), run.err());

        // The URLs it serves, then both phases.
        assertTrue(out.matches("(?s).*http://localhost:\\d+/metrics.*"), out);
        assertTrue(out.contains("1/3") && out.contains("2/3") && out.contains("3/3"), out);
        // The scripted incident came first through the fast path, and its log files added nothing new.
        assertTrue(out.matches("(?s).*first alert delivered \\d+\\.\\d s after the events reached the queue.*"), out);
        int forwarded = DemoScript.DEPLOY_DENIALS + DemoScript.KMS_DENIALS + DemoScript.SIGN_IN_FAILURES;
        // The deploy file comes twice: its denials are dropped both times.
        assertTrue(out.contains("the log files repeated " + (forwarded + DemoScript.DEPLOY_DENIALS)
                + " failures already told: dropped as duplicates"), out);
        // Every scripted denial explained as it arrived: 30 SCP denials of the deploy role, 40 of kms:Decrypt, the 5
        // late ones; the duplicate file's 30 are dropped, not shown again.
        assertEquals(DemoScript.DEPLOY_DENIALS + DemoScript.LATE_DENIALS, count(out,
                "denied \\S+  deploy \\(github-actions-4711\\)  s3:PutObject on arn:aws:s3:::acme-prod-releases/\\S+"
                        + " \u2014 a deny in a service control policy \\(SCP\\)"));
        assertEquals(DemoScript.KMS_DENIALS, count(out, "denied \\S+  payments-api \\(i-0a1b2c3d4e5f60718\\)  kms:Decrypt"
                + " on \\S+ \u2014 an implicit deny \\(no statement allowed it\\) in an identity-based policy"));
        // The console sink's alerts for the two scripted incidents, led by their whole size, with why and where the
        // fix lives.
        assertTrue(out.matches("(?s).*What: \\d+ denials? in [^\n]*, peak \\d+ per 5 min \u2014 deploy denied.*"), out);
        assertTrue(out.contains("Fix lives in: the organization's SCPs or RCPs"), out);
        assertTrue(out.matches("(?s).*What: \\d+ denials? in [^\n]*, peak \\d+ per 5 min \u2014 payments-api denied.*"),
                out);
        assertTrue(out.contains("Fix lives in: the policies attached to the role or user"), out);
        Matcher done = Pattern.compile("Done: (\\d+) events ingested, (\\d+) denials explained, (\\d+) duplicates"
                + " dropped, (\\d+) late events, (\\d+) incidents opened, (\\d+) alerts delivered.").matcher(out);
        assertTrue(done.find(), out);
        // 2,900 sample events and 60 denials, plus the script: 73 failures by the fast path, then in the files
        // 60 + 83 + 60 (again) + 5 events; 30 + 40 + 5 denials and 3 failed sign-ins. The damaged file gives
        // nothing, the digest file is not read. The files' 73 failures, and the second deploy file's 30, are
        // duplicates.
        assertEquals(2900 + 73 + 2 * 60 + 83 + 5, Long.parseLong(done.group(1)));
        assertEquals(60 + 30 + 40 + 5 + 3, Long.parseLong(done.group(2)));
        assertEquals(73 + 30, Long.parseLong(done.group(3)));
        assertEquals(5, Long.parseLong(done.group(4)));

        // The configured webhook heard of every incident the console announced, opening first.
        Set<String> announcedOnConsole = new HashSet<>();
        Matcher opened = Pattern.compile("== \\w+ · OPEN · access denial spike · incident (dw-[0-9a-f]+)").matcher(out);
        while (opened.find()) {
            announcedOnConsole.add(opened.group(1));
        }
        Set<String> openedOnWebhook = new HashSet<>();
        webhook.stream().filter(m -> m.get("state").asText().equals("OPEN"))
                .forEach(m -> openedOnWebhook.add(m.get("incidentId").asText()));
        assertTrue(announcedOnConsole.size() >= 4, out);
        assertEquals(announcedOnConsole, openedOnWebhook);
        assertTrue(webhook.stream().anyMatch(m -> "arn:aws:iam::111122223333:role/deploy"
                .equals(m.at("/key/principal").asText())), webhook.toString());
    }

    private static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
