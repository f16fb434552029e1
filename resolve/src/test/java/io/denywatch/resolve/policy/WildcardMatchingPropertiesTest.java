package io.denywatch.resolve.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import io.denywatch.contract.denial.DenyKind;
import io.denywatch.contract.denial.PolicyType;
import io.denywatch.contract.denial.StatementFinding;
import io.denywatch.contract.denial.StatementFinding.Verdict;
import io.denywatch.resolve.Call;
import io.denywatch.resolve.PolicyText;
import software.amazon.awssdk.policybuilder.iam.IamEffect;
import software.amazon.awssdk.policybuilder.iam.IamStatement;

class WildcardMatchingPropertiesTest {

    private static final RequestContext NO_CONTEXT = RequestContext.of(Calls.call("s3:GetObject").build());

    @Provide
    Arbitrary<String> plain() {
        return Arbitraries.strings().withChars("abcXYZ019:/-_.é").ofMaxLength(24);
    }

    /** Few characters, so that patterns and values often collide. */
    @Provide
    Arbitrary<String> narrow() {
        return Arbitraries.strings().withChars("ab:").ofMaxLength(5);
    }

    @Provide
    Arbitrary<List<String>> narrowPatterns() {
        return Arbitraries.strings().withChars("ab:*?").ofMinLength(0).ofMaxLength(5).list().ofMinSize(1).ofMaxSize(3);
    }

    @Provide
    Arbitrary<String> actions() {
        Arbitrary<String> service = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789-")
                .ofMinLength(1).ofMaxLength(12);
        Arbitrary<String> name = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(30);
        return Combinators.combine(service, name).as((s, n) -> s + ":" + n);
    }

    @Property
    void replacingSpansWithStarsAlwaysMatches(@ForAll("plain") String value, @ForAll Random random) {
        StringBuilder pattern = new StringBuilder();
        int at = 0;
        while (at < value.length()) {
            int span = 1 + random.nextInt(value.length() - at);
            if (random.nextBoolean()) {
                pattern.append('*');
            } else {
                pattern.append(value, at, at + span);
            }
            at += span;
        }
        if (random.nextBoolean()) {
            pattern.append('*');
        }
        assertTrue(WildcardPattern.glob(pattern.toString()).matches(value, false), pattern + " vs " + value);
        assertTrue(WildcardPattern.glob(pattern.toString()).matches(value, true), pattern + " vs " + value);
    }

    @Property
    void questionMarkMatchesExactlyOneCharacter(@ForAll("plain") String value, @ForAll Random random) {
        Assume.that(!value.isEmpty());
        int at = random.nextInt(value.length());
        WildcardPattern pattern = WildcardPattern.glob(value.substring(0, at) + "?" + value.substring(at + 1));

        assertTrue(pattern.matches(value, false));
        assertFalse(pattern.matches(value.substring(0, at) + value.substring(at + 1), false), "one fewer");
        assertFalse(pattern.matches(value.substring(0, at) + "xx" + value.substring(at + 1), false), "one more");
    }

    @Property
    void actionsMatchWhateverTheirCaseAndResourcesOnlyInTheirOwnCase(@ForAll("actions") String action,
                                                                     @ForAll Random random) {
        StringBuilder flipped = new StringBuilder();
        for (char c : action.toCharArray()) {
            flipped.append(random.nextBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c));
        }
        IamStatement statement = statement(List.of(flipped.toString()), List.of(), List.of("*"), List.of());
        assertEquals(Match.YES, StatementEvaluator.action(statement, action).match());

        String resource = "arn:aws:s3:::" + action.replace(':', '/');
        String otherCase = "arn:aws:s3:::" + swapCase(action.replace(':', '/'));
        Assume.that(!otherCase.equals(resource));
        IamStatement exact = statement(List.of("*"), List.of(), List.of(resource), List.of());
        assertEquals(Match.YES, StatementEvaluator.resource(exact, resource, NO_CONTEXT).match());
        assertEquals(Match.NO, StatementEvaluator.resource(exact, otherCase, NO_CONTEXT).match());
    }

    @Property
    void notActionIsTheExactComplementOfAction(@ForAll("narrowPatterns") List<String> patterns,
                                               @ForAll("narrow") String action) {
        Match listed = StatementEvaluator.action(statement(patterns, List.of(), List.of("*"), List.of()), action)
                .match();
        Match notListed = StatementEvaluator.action(statement(List.of(), patterns, List.of("*"), List.of()), action)
                .match();

        assertEquals(listed.not(), notListed);
    }

    @Property
    void notResourceIsTheExactComplementOfResource(@ForAll("narrowPatterns") List<String> patterns,
                                                   @ForAll("narrow") String resource) {
        Match listed = StatementEvaluator.resource(statement(List.of("*"), List.of(), patterns, List.of()), resource,
                NO_CONTEXT).match();
        Match notListed = StatementEvaluator.resource(statement(List.of("*"), List.of(), List.of(), patterns),
                resource, NO_CONTEXT).match();

        assertEquals(listed.not(), notListed);
    }

    @Property
    void aStatementOfStarsMatchesEveryCall(@ForAll("actions") String action, @ForAll("plain") String resource,
                                           @ForAll boolean namesAResource) {
        PolicyText everything = new PolicyText("arn:aws:iam::111122223333:policy/deny-all", "deny-all",
                PolicyType.IDENTITY_BASED, Calls.document("""
                        {"Sid":"DenyAll","Effect":"Deny","Action":"*","Resource":"*"}"""));
        Call call = new Call(null, "IAMUser", "111122223333", "111122223333", "eu-west-1", action,
                namesAResource ? List.of(resource) : List.of(), DenyKind.EXPLICIT, PolicyType.IDENTITY_BASED, null,
                null, null, null);

        List<StatementFinding> findings = new PolicyMatcher().denyingStatements(everything, call);

        assertEquals(1, findings.size());
        assertEquals(Verdict.DENIES, findings.get(0).verdict());
    }

    private static IamStatement statement(List<String> actions, List<String> notActions, List<String> resources,
                                          List<String> notResources) {
        return IamStatement.builder().effect(IamEffect.DENY).actionIds(actions).notActionIds(notActions)
                .resourceIds(resources).notResourceIds(notResources).build();
    }

    private static String swapCase(String text) {
        StringBuilder swapped = new StringBuilder();
        for (char c : text.toCharArray()) {
            swapped.append(Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
        }
        return swapped.toString();
    }
}
