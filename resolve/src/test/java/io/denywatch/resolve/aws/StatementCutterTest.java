package io.denywatch.resolve.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class StatementCutterTest {

    private static final String POLICY = """
            {
              "Version": "2012-10-17",
              "Statement": [
                {"Sid": "First", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
                {
                  "Sid": "Second",
                  "Effect": "Deny",
                  "Action": "s3:PutObject",
                  "Resource": "arn:aws:s3:::b/{braces}/*",
                  "Condition": {"StringEquals": {"s3:x-amz-acl": "public-read"}}
                }
              ]
            }""";

    private static final String FIRST =
            "{\"Sid\": \"First\", \"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}";

    @Test
    void cutsAStatementOnOneLine() {
        // Line 4, the brace in column 5 counting from 1; the end is the closing brace.
        assertEquals(Optional.of(FIRST), StatementCutter.cut(POLICY, 4, 5, 4, 4 + FIRST.length()));
    }

    @Test
    void cutsAStatementOverSeveralLinesWithBracesInsideAStringAndANestedCondition() {
        String second = AwsPolicySourceTest.statement(POLICY, "\"Sid\": \"Second\"");
        assertEquals(Optional.of(second), StatementCutter.cut(POLICY, 5, 5, 11, 5));
    }

    /** Counting columns from 0 or 1, pointing at the brace or just before it: the same statement. */
    @Property
    void oneColumnEitherWayFindsTheSameStatement(@ForAll @IntRange(min = -1, max = 1) int shift) {
        assertEquals(Optional.of(FIRST), StatementCutter.cut(POLICY, 4, 5 + shift, 4, 4 + FIRST.length()));
    }

    @Test
    void aPositionThatPointsAtNoStatementGivesNoText() {
        assertEquals(Optional.empty(), StatementCutter.cut(POLICY, 2, 5, 2, 20), "\"Version\" is no object");
        assertEquals(Optional.empty(), StatementCutter.cut(POLICY, 40, 1, 41, 1), "past the end");
        assertEquals(Optional.empty(), StatementCutter.cut(POLICY, 5, 5, 6, 1), "ends before the statement does");
        assertEquals(Optional.empty(), StatementCutter.cut("{\"a\": ", 1, 1, 1, 6), "not JSON");
    }
}
