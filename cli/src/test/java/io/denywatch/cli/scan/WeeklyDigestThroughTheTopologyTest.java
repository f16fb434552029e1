package io.denywatch.cli.scan;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.denywatch.alerts.digest.DenialsRead;
import io.denywatch.alerts.digest.DigestBuilder;
import io.denywatch.alerts.digest.DigestPeriod;
import io.denywatch.common.config.Config;
import io.denywatch.common.json.Json;
import io.denywatch.contract.digest.Digest;
import io.denywatch.contract.incident.SpikeRecord;
import io.denywatch.ingest.pipeline.IngestPipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A generated fortnight of CloudTrail denials, as CloudTrail logs them, through the analyzer's own topology: the
 * enriched denials and incidents it publishes give the weekly digest that the figures computed from the generated
 * events say — who is denied most, whose denials are missing permissions and whose are guardrails, what is new.
 */
class WeeklyDigestThroughTheTopologyTest {

    private static final Instant END = Instant.parse("2026-11-30T09:00:00Z");
    private static final DigestPeriod WEEK = DigestPeriod.endingAt(END, Duration.ofDays(7));
    private static final String ACCOUNT = "123456789012";
    private static final String[][] ACTIONS = {{"s3", "GetObject"}, {"s3", "PutObject"}, {"kms", "Decrypt"},
            {"dynamodb", "Query"}, {"sqs", "SendMessage"}, {"secretsmanager", "GetSecretValue"}};

    /** One generated denial as the model sees it. */
    private record Made(String role, String action, String cause, Instant at) {
    }

    @Test
    void aFortnightOfLoggedDenialsGivesTheDigestTheEventsSay(@TempDir Path dir) throws Exception {
        List<Made> made = new ArrayList<>();
        List<String> records = new ArrayList<>();
        Random random = new Random(5);
        Instant from = WEEK.previous().start();
        int count = 3_000;
        for (int n = 0; n < count; n++) {
            Instant at = from.plusMillis(Duration.ofDays(14).toMillis() * n / count);
            int role = Math.min(15, (int) Math.abs(random.nextGaussian() * 5));
            boolean thisWeek = WEEK.contains(at);
            String[] action = ACTIONS[(role + random.nextInt(thisWeek && role % 4 == 0 ? 6 : 2)) % ACTIONS.length];
            String cause = role % 3 == 0 ? "identity" : role % 3 == 1 ? "scp" : random.nextBoolean() ? "resource" : "scp";
            made.add(new Made("arn:aws:iam::" + ACCOUNT + ":role/app-" + role, action[0] + ":" + action[1], cause, at));
            records.add(event(n, role, action, cause, at));
        }
        Files.writeString(dir.resolve(ACCOUNT + "_CloudTrail_us-east-1_20261130T0905Z_Fortnightabcdefg.json"),
                "{\"Records\":[" + String.join(",", records) + "]}");

        // The topology runs in this process; the address is never dialled.
        Config config = Config.of(Map.of("kafka.bootstrap.servers", "in-process:0"));
        DenialsRead read = new DenialsRead(WEEK, 100_000);
        new Scanner(config, IngestPipeline.reader(config, Scanner.SHAPES))
                .onDenial(d -> read.denial(d, Instant.parse(d.eventTime())))
                .onIncidentMessage(spike -> read.incident(spike, publishedAt(spike)))
                .scan(ScanSources.local(dir), n -> { });
        Digest digest = new DigestBuilder(10).build(WEEK, read.current(), read.previous(), read.previousComplete(),
                read.incidents());

        List<Made> week = made.stream().filter(m -> WEEK.contains(m.at())).toList();
        List<Made> before = made.stream().filter(m -> WEEK.previous().contains(m.at())).toList();
        assertEquals(week.size(), digest.denials());
        assertEquals(before.size(), digest.previousDenials());
        assertEquals(top(count(week, Made::role), count(before, Made::role)), digest.topPrincipals());
        assertEquals(top(count(week, Made::action), count(before, Made::action)), digest.topActions());
        Set<String> missing = new HashSet<>();
        Set<String> guarded = new HashSet<>();
        count(week, Made::role).forEach((role, total) -> {
            long identity = week.stream().filter(m -> m.role().equals(role) && m.cause().equals("identity")).count();
            long scp = week.stream().filter(m -> m.role().equals(role) && m.cause().equals("scp")).count();
            if (2 * identity > total) {
                missing.add(role);
            } else if (2 * scp > total) {
                guarded.add(role);
            }
        });
        assertEquals(missing, digest.missingPermissions().stream().map(Digest.PrincipalShare::principal)
                .collect(Collectors.toSet()));
        assertEquals(guarded, digest.stoppedByGuardrails().stream().map(Digest.PrincipalShare::principal)
                .collect(Collectors.toSet()));
        Set<String> oldPairs = before.stream().map(m -> m.role() + " " + m.action()).collect(Collectors.toSet());
        Set<String> newPairs = week.stream().map(m -> m.role() + " " + m.action())
                .filter(p -> !oldPairs.contains(p)).collect(Collectors.toSet());
        assertEquals(newPairs.size(), digest.newPairsTotal());
        assertTrue(newPairs.containsAll(digest.newPairs().stream().map(p -> p.principal() + " " + p.action())
                .toList()));
        assertFalse(missing.isEmpty() || guarded.isEmpty() || newPairs.isEmpty(), "the corpus has every kind");
        for (Digest.IncidentLine incident : digest.incidents()) {
            assertTrue(incident.startedAt().isBefore(END), incident.toString());
        }
    }

    /** When the analyzer published an incident message: as it runs on event time, the message's latest denial. */
    private static Instant publishedAt(SpikeRecord spike) {
        return spike.latestAt() != null ? spike.latestAt() : spike.lastSeen();
    }

    private static Map<String, Long> count(List<Made> made, java.util.function.Function<Made, String> key) {
        return made.stream().collect(Collectors.groupingBy(key, LinkedHashMap::new, Collectors.counting()));
    }

    private static List<Digest.Ranked> top(Map<String, Long> now, Map<String, Long> before) {
        return now.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(10).map(e -> new Digest.Ranked(e.getKey(), e.getValue(), before.getOrDefault(e.getKey(), 0L)))
                .toList();
    }

    private static String event(int n, int role, String[] action, String cause, Instant at) {
        String session = "arn:aws:sts::" + ACCOUNT + ":assumed-role/app-" + role + "/run";
        String iamAction = action[0] + ":" + action[1];
        String resource = action[0].equals("s3") ? "arn:aws:s3:::data-bucket/k" + n
                : "arn:aws:" + action[0] + ":us-east-1:" + ACCOUNT + ":thing/t" + role;
        ObjectNode e = Json.mapper().createObjectNode();
        e.put("eventVersion", "1.09");
        ObjectNode who = e.putObject("userIdentity");
        who.put("type", "AssumedRole");
        who.put("arn", session);
        who.put("accountId", ACCOUNT);
        who.putObject("sessionContext").putObject("sessionIssuer").put("type", "Role")
                .put("arn", "arn:aws:iam::" + ACCOUNT + ":role/app-" + role);
        e.put("eventTime", at.toString().replaceAll("\\.\\d+Z$", "Z"));
        e.put("eventSource", action[0] + ".amazonaws.com");
        e.put("eventName", action[1]);
        e.put("awsRegion", "us-east-1");
        e.put("errorCode", "AccessDenied");
        String why = switch (cause) {
            case "identity" -> "because no identity-based policy allows the " + iamAction + " action";
            case "scp" -> "with an explicit deny in a service control policy";
            default -> "because no resource-based policy allows the " + iamAction + " action";
        };
        e.put("errorMessage", "User: " + session + " is not authorized to perform: " + iamAction + " on resource: "
                + resource + " " + why);
        e.put("eventID", String.format("00000000-0000-0000-0000-%012d", n));
        e.put("recipientAccountId", ACCOUNT);
        return e.toString();
    }
}
