package io.denywatch.analyzer.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ShellCommandTest {

    @Test
    void ordinaryArnsAndIdsStayReadable() {
        assertEquals("arn:aws:iam::123456789012:role/path/app-role@x+y=z,w",
                ShellCommand.quote("arn:aws:iam::123456789012:role/path/app-role@x+y=z,w"));
    }

    @Test
    void anythingElseIsSingleQuoted() {
        assertEquals("'arn:aws:ec2:us-west-2:1:instance/*'", ShellCommand.quote("arn:aws:ec2:us-west-2:1:instance/*"));
        assertEquals("'a b'", ShellCommand.quote("a b"));
        assertEquals("'$(id)'", ShellCommand.quote("$(id)"));
    }

    @Test
    void aSingleQuoteClosesEscapesAndReopens() {
        assertEquals("'it'\\''s'", ShellCommand.quote("it's"));
    }

    @Test
    void anEmptyValueIsAnEmptyArgument() {
        assertEquals("''", ShellCommand.quote(""));
    }

    @Test
    void optionsAndFixedWordsJoinWithSpaces() {
        assertEquals("aws s3api get-bucket-policy --bucket 'my bucket' --output json",
                ShellCommand.of("aws", "s3api", "get-bucket-policy").option("--bucket", "my bucket").word("--output")
                        .word("json").build());
    }
}
