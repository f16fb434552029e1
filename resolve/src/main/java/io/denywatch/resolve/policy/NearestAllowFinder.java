package io.denywatch.resolve.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.denywatch.contract.denial.StatementFinding;
import io.denywatch.contract.denial.StatementFinding.ConditionCheck.Outcome;
import io.denywatch.contract.denial.StatementFinding.Verdict;
import io.denywatch.resolve.Call;

/**
 * When no Allow covers a call, finds the Allow that comes nearest and says by what it misses: an implicit deny
 * ("Policy evaluation logic") is best explained by the statement that was meant to allow the call.
 *
 * <p>Candidates are the Allows for the call's service: whose Action lists the call's service (or {@code *}), or that
 * use NotAction. For {@code kms:GenerateDataKey*} and {@code kms:Decrypt} an Allow of {@code s3:PutObject} or
 * {@code s3:GetObject} is a candidate too, since SSE-KMS uploads and reads need the KMS permission besides the S3 one
 * ("Protecting data with server-side encryption using AWS KMS keys", permissions).
 *
 * <p>The nearest is the candidate with the highest score, the first in policy and statement order on a tie:
 * <ul>
 *   <li>8 when it is for the call's service (0 for the S3 Allow of a KMS call);</li>
 *   <li>4 when its Action matches the call's action;</li>
 *   <li>4 when its Resource matches the call's resource, 2 when it misses by a near miss ({@link ResourceMisses});</li>
 *   <li>1 when none of its conditions certainly fails.</li>
 * </ul>
 */
final class NearestAllowFinder {

    private static final int SAME_SERVICE = 8;
    private static final int ACTION_MATCHES = 4;
    private static final int RESOURCE_MATCHES = 4;
    private static final int RESOURCE_NEARLY_MATCHES = 2;
    private static final int NO_CONDITION_FAILS = 1;

    private record Candidate(StatementEvaluation evaluation, int score, List<String> reasons) {
    }

    /** The nearest Allow among the evaluated Allow statements, or empty when one covers the call or none is near. */
    Optional<StatementFinding> nearest(List<StatementEvaluation> allows, Call call, RequestContext context) {
        if (allows.stream().anyMatch(allow -> allow.applies() != Match.NO)) {
            return Optional.empty();
        }
        Candidate best = null;
        for (StatementEvaluation allow : allows) {
            Optional<Candidate> candidate = sameService(allow, call)
                    ? Optional.of(sameServiceCandidate(allow, call, context))
                    : keyPermissionCandidate(allow, call);
            if (candidate.isPresent() && (best == null || candidate.get().score() > best.score())) {
                best = candidate.get();
            }
        }
        return Optional.ofNullable(best).map(candidate -> finding(candidate, call));
    }

    private static StatementFinding finding(Candidate candidate, Call call) {
        StatementEvaluation evaluation = candidate.evaluation();
        String explanation = Sentences.statement(evaluation.statement()) + " comes nearest to "
                + Sentences.call(call) + " but misses it: " + String.join("; ", candidate.reasons());
        return FindingWriter.finding(evaluation, Verdict.NEAREST_ALLOW, explanation);
    }

    private static boolean sameService(StatementEvaluation allow, Call call) {
        if (allow.action().match() == Match.YES || allow.action().negative()) {
            return true;
        }
        String service = service(call.action());
        return allow.action().listed().stream().anyMatch(pattern -> {
            int colon = pattern.indexOf(':');
            String written = colon < 0 ? pattern.trim() : pattern.substring(0, colon).trim();
            return WildcardPattern.glob(written).matches(service, true);
        });
    }

    private static Candidate sameServiceCandidate(StatementEvaluation allow, Call call, RequestContext context) {
        int score = SAME_SERVICE;
        List<String> reasons = new ArrayList<>();
        ElementMatch action = allow.action();
        ElementMatch resource = allow.resource();
        if (action.match() == Match.YES) {
            score += ACTION_MATCHES;
        } else {
            reasons.add(actionMiss(action, resource, call));
        }
        if (resource.match() == Match.YES) {
            score += RESOURCE_MATCHES;
        } else if (resource.match() == Match.NO) {
            ResourceMisses.Miss miss = ResourceMisses.explain(resource, call, context);
            score += miss.near() ? RESOURCE_NEARLY_MATCHES : 0;
            reasons.add(miss.reason());
        }
        List<ConditionEvaluator.Evaluated> failing = allow.withOutcome(Outcome.DOES_NOT_HOLD);
        if (failing.isEmpty()) {
            score += NO_CONDITION_FAILS;
        }
        for (ConditionEvaluator.Evaluated condition : failing) {
            reasons.add("its condition " + Sentences.condition(condition.check()) + " does not hold: the record"
                    + " shows " + condition.check().key() + " " + condition.check().recordValue());
        }
        if (reasons.isEmpty()) {
            reasons.addAll(FindingWriter.unsettled(allow));
        }
        return new Candidate(allow, score, reasons);
    }

    private static String actionMiss(ElementMatch action, ElementMatch resource, Call call) {
        String miss = action.negative()
                ? "its NotAction " + Sentences.list(action.listed()) + " leaves out " + call.action()
                : "its Action lists " + Sentences.list(action.listed()) + ", not " + call.action();
        if (resource.match() == Match.YES && call.resource() != null) {
            miss += ", though its " + resource.clause() + " covers " + call.resource();
        }
        return miss;
    }

    /** The S3 Allow of a call for the KMS key behind an SSE-KMS upload or read. */
    private static Optional<Candidate> keyPermissionCandidate(StatementEvaluation allow, Call call) {
        String action = call.action().toLowerCase(Locale.ROOT);
        boolean upload = action.startsWith("kms:generatedatakey");
        boolean read = action.equals("kms:decrypt");
        if (!upload && !read) {
            return Optional.empty();
        }
        String s3Action = upload ? "s3:PutObject" : "s3:GetObject";
        ElementMatch s3 = StatementEvaluator.action(allow.statement().model(), s3Action);
        if (s3.match() != Match.YES && read) {
            s3Action = "s3:PutObject";
            s3 = StatementEvaluator.action(allow.statement().model(), s3Action);
        }
        if (s3.match() != Match.YES) {
            return Optional.empty();
        }
        String need = upload
                ? "an upload to a bucket encrypted with SSE-KMS needs " + call.action() + " on the bucket's KMS key"
                : "reading an object encrypted with SSE-KMS, or a multipart upload to such a bucket, needs "
                + call.action() + " on the KMS key";
        String reason = "it allows " + s3Action + " (" + s3.clause() + ", " + allow.resource().clause()
                + ") but not " + call.action() + "; " + need + " besides " + s3Action
                + ", so the S3 permission is not enough";
        int score = allow.withOutcome(Outcome.DOES_NOT_HOLD).isEmpty() ? NO_CONDITION_FAILS : 0;
        return Optional.of(new Candidate(allow, score, List.of(reason)));
    }

    private static String service(String action) {
        int colon = action.indexOf(':');
        return colon < 0 ? action : action.substring(0, colon);
    }
}
