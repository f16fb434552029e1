package io.denywatch.alerts.digest;

import io.denywatch.alerts.incident.Incidents;
import io.denywatch.contract.denial.Category;
import io.denywatch.contract.denial.DenyKind;
import io.denywatch.contract.denial.Diagnosis;
import io.denywatch.contract.denial.EncodedMessage;
import io.denywatch.contract.denial.EnrichedDenial;
import io.denywatch.contract.denial.FixLocation;
import io.denywatch.contract.denial.PolicyType;
import io.denywatch.contract.denial.Principal;
import io.denywatch.contract.incident.SpikeRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A generated fortnight of denials ending at a Monday 09:00 UTC: the week compared with (previous) and the week of the
 * digest (current). Roles have characters: some are refused by SCPs or boundaries, some lack a permission (implicit
 * identity-policy denials), some are mixed; a few pairs appear only in the current week, and some denials fall
 * outside both weeks or are failed sign-ins, which a digest leaves out.
 */
public final class Fortnight {

    public static final Instant END = Instant.parse("2026-11-30T09:00:00Z");
    public static final DigestPeriod CURRENT = DigestPeriod.endingAt(END, Duration.ofDays(7));
    public static final String ACCOUNT = "123456789012";

    /** One generated denial with its event time. */
    public record Stamped(EnrichedDenial denial, Instant at) {
    }

    private static final String[] ACTIONS = {"s3:GetObject", "s3:PutObject", "kms:Decrypt", "dynamodb:Query",
            "sqs:SendMessage", "lambda:InvokeFunction", "ec2:DescribeInstances", "iam:PassRole",
            "secretsmanager:GetSecretValue", "logs:PutLogEvents", "sts:AssumeRole", "ssm:GetParameter"};

    private Fortnight() {
    }

    public static String role(int i) {
        return "arn:aws:iam::" + ACCOUNT + ":role/app-" + i;
    }

    /** The denials, in an order where event times are mostly rising, as a trail is read. */
    public static List<Stamped> denials(long seed, int count) {
        Random random = new Random(seed);
        List<Stamped> out = new ArrayList<>();
        Instant from = CURRENT.previous().start().minus(Duration.ofDays(1));
        long span = Duration.between(from, END.plus(Duration.ofHours(6))).toMillis();
        for (int n = 0; n < count; n++) {
            Instant at = from.plusMillis((long) (span * ((double) n / count)) + random.nextInt(60_000));
            boolean current = CURRENT.contains(at);
            int role = (int) Math.min(39, Math.abs(random.nextGaussian() * 12));
            int action = (role * 7 + random.nextInt(current && role % 5 == 0 ? 12 : 4)) % ACTIONS.length;
            out.add(new Stamped(denial("e-" + n, role(role), ACTIONS[action], causeOf(role, random),
                    random.nextInt(200) == 0 ? Category.AUTHENTICATION : Category.AUTHORIZATION, at), at));
        }
        return out;
    }

    /** Roles 0, 3, 6… lack permissions; 1, 4, 7… meet guardrails; the rest are mixed. */
    private static Diagnosis causeOf(int role, Random random) {
        int kind = role % 3 == 2 ? random.nextInt(4) : (role % 3 == 0 ? (random.nextInt(10) < 8 ? 0 : 3)
                : (random.nextInt(10) < 8 ? 1 + random.nextInt(2) : 3));
        return switch (kind) {
            case 0 -> diagnosis(DenyKind.IMPLICIT, PolicyType.IDENTITY_BASED, FixLocation.IDENTITY_POLICY);
            case 1 -> diagnosis(DenyKind.UNKNOWN, PolicyType.SERVICE_CONTROL_POLICY, FixLocation.ORGANIZATION);
            case 2 -> diagnosis(DenyKind.IMPLICIT, PolicyType.PERMISSIONS_BOUNDARY, FixLocation.PERMISSIONS_BOUNDARY);
            default -> diagnosis(DenyKind.IMPLICIT, PolicyType.RESOURCE_BASED, FixLocation.RESOURCE_POLICY);
        };
    }

    public static Diagnosis diagnosis(DenyKind kind, PolicyType type, FixLocation fix) {
        return new Diagnosis(kind, type, null, null, EncodedMessage.ABSENT, fix, "advice", List.of());
    }

    public static EnrichedDenial denial(String eventId, String roleArn, String action, Diagnosis diagnosis,
                                 Category category, Instant at) {
        String service = action.substring(0, action.indexOf(':'));
        return new EnrichedDenial(EnrichedDenial.SCHEMA_VERSION, eventId, at.toString(), service + ".amazonaws.com",
                action.substring(action.indexOf(':') + 1), "us-east-1", ACCOUNT, "req-" + eventId, "10.0.0.1",
                "aws-cli/2", "AccessDenied", "denied", category,
                new Principal(roleArn.replace(":iam::", ":sts::").replace(":role/", ":assumed-role/") + "/s",
                        roleArn, "AssumedRole", ACCOUNT, "s", null, false),
                action, List.of(), null, diagnosis, null);
    }

    /** An incident about {@code role}, as its last message stood. */
    public static SpikeRecord incident(String id, String role, SpikeRecord.State state, Instant startedAt,
                                Instant latestAt, long total) {
        SpikeRecord r = Incidents.open();
        return new SpikeRecord(r.schemaVersion(), id, state, r.severity(), r.dimension(),
                new SpikeRecord.Key(role, null, null, null), startedAt, startedAt.plus(Duration.ofMinutes(5)),
                10, r.baseline(), startedAt, latestAt, startedAt, role, r.topActions(), r.topResources(),
                r.topResourceFamilies(), r.topErrorMessages(), r.topPolicyTypes(), r.sampleEventIds(),
                r.sampleRequestIds(), r.diagnosis(), total, Math.min(total, 40), startedAt, startedAt, latestAt,
                state == SpikeRecord.State.RESOLVED ? latestAt.plus(Duration.ofMinutes(15)) : null);
    }

    /**
     * The incidents published around the fortnight, each with when it was published: two in the current week (one
     * grew, then resolved), one that started the week before and went on into it, one over before the week, and one
     * published after the week ended (not in this digest).
     */
    public static List<Object[]> incidents() {
        Instant week = CURRENT.start();
        List<Object[]> out = new ArrayList<>();
        Instant a = week.plus(Duration.ofDays(2));
        out.add(new Object[]{incident("dw-a", role(1), SpikeRecord.State.OPEN, a, a.plusSeconds(60), 30), a});
        out.add(new Object[]{incident("dw-a", role(1), SpikeRecord.State.UPDATE, a, a.plusSeconds(600), 120),
                a.plusSeconds(600)});
        out.add(new Object[]{incident("dw-a", role(1), SpikeRecord.State.RESOLVED, a, a.plusSeconds(600), 120),
                a.plusSeconds(1500)});
        Instant b = week.plus(Duration.ofDays(5));
        out.add(new Object[]{incident("dw-b", role(0), SpikeRecord.State.OPEN, b, b.plusSeconds(120), 45), b});
        Instant c = week.minus(Duration.ofHours(1));
        out.add(new Object[]{incident("dw-c", role(4), SpikeRecord.State.OPEN, c, c.plusSeconds(60), 20), c});
        out.add(new Object[]{incident("dw-c", role(4), SpikeRecord.State.UPDATE, c, week.plusSeconds(1800), 70),
                week.plusSeconds(1800)});
        Instant d = week.minus(Duration.ofDays(3));
        out.add(new Object[]{incident("dw-d", role(2), SpikeRecord.State.RESOLVED, d, d.plusSeconds(60), 15),
                d.plusSeconds(900)});
        Instant e = END.plus(Duration.ofHours(2));
        out.add(new Object[]{incident("dw-e", role(3), SpikeRecord.State.OPEN, e, e.plusSeconds(60), 99), e});
        return out;
    }
}
