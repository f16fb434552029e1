package io.denywatch.analyzer.classify;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.denywatch.contract.denial.EnrichedDenial;
import io.denywatch.contract.denial.SourceRef;

class ExplainFormatterTest {

    private final DenialClassifier classifier = new DenialClassifier();
    private final ExplainFormatter formatter = new ExplainFormatter();

    @Test
    void tellsWhoWhatOnWhatWhyWhereTheFixLivesAndWhatToRun() {
        String text = format(Events.denied("AccessDenied", "User: " + Events.SESSION_ARN + " is not authorized to"
                + " perform: s3:PutObject on resource: \"arn:aws:s3:::reports/q1.csv\" with an explicit deny in a"
                + " service control policy: arn:aws:organizations::111111111111:policy/o-abcd1234/"
                + "service_control_policy/p-abcd1234"), new SourceRef("trail-bucket",
                "AWSLogs/123456789012/CloudTrail/eu-west-1/2026/01/15/f.json.gz"));
        assertTrue(text.startsWith("AccessDenied: authorization denial\n"), text);
        assertTrue(text.contains("  who       " + Events.SESSION_ARN + " (AssumedRole)\n"), text);
        assertTrue(text.contains("  identity  " + Events.ROLE_ARN + "\n"), text);
        assertTrue(text.contains("  session   worker-7\n"), text);
        assertTrue(text.contains("  what      s3:PutObject (s3.amazonaws.com PutObject)\n"), text);
        assertTrue(text.contains("  on        arn:aws:s3:::reports/q1.csv\n"), text);
        assertTrue(text.contains("  why       refused by a service control policy"), text);
        assertTrue(text.contains("  policy    arn:aws:organizations::111111111111:policy/o-abcd1234/"
                + "service_control_policy/p-abcd1234\n"), text);
        assertTrue(text.contains("  fix in    the organization's policies"), text);
        assertTrue(text.contains("  advice    "), text);
        assertTrue(text.contains("  next      aws organizations describe-policy --policy-id p-abcd1234\n"), text);
        assertTrue(text.contains("from s3://trail-bucket/AWSLogs/123456789012/CloudTrail/eu-west-1/2026/01/15/"
                + "f.json.gz"), text);
    }

    @Test
    void adviceAndMessageAreWrappedForATerminal() {
        String text = format(Events.denied("AccessDenied", "User: " + Events.SESSION_ARN + " is not authorized to"
                + " perform: s3:PutObject on resource: \"arn:aws:s3:::reports/q1.csv\" because no identity-based"
                + " policy allows the s3:PutObject action"), null);
        String section = "";
        int wrappedLines = 0;
        for (String line : text.split("\n")) {
            if (line.length() > 2 && line.charAt(2) != ' ') {
                section = line.substring(2, line.indexOf(' ', 2));
            }
            if (section.equals("advice") || section.equals("message")) {
                wrappedLines++;
                boolean unbreakable = line.strip().indexOf(' ') < 0 || line.substring(12).indexOf(' ') < 0;
                assertTrue(line.length() <= 100 || unbreakable, line);
            }
        }
        assertTrue(wrappedLines >= 4, text);
    }

    @Test
    void eventTextCannotSendEscapeSequencesToTheTerminal() {
        String text = format(Events.denied("AccessDenied", "Access Denied\u001b]0;pwned\u0007")
                .set("userAgent", "curl\u001b[2J").assumedRole(
                        "arn:aws:sts::123456789012:assumed-role/app-role/s\u001b[31mred\u009b1m", Events.ROLE_ARN),
                null);
        assertFalse(text.chars().anyMatch(c -> c == 0x1b || c == 0x07 || c == 0x9b), text);
        assertTrue(text.contains("s\\x1b[31mred\\x9b1m"), text);
    }

    @Test
    void aConsoleSignInFailureReadsAsAnAuthenticationFailure() {
        String text = format(Events.succeeded("signin.amazonaws.com", "ConsoleLogin")
                .set("errorMessage", "Failed authentication").response("ConsoleLogin", "Failure"), null);
        assertTrue(text.startsWith("ConsoleLogin failure: authentication failure\n"), text);
        assertTrue(text.contains("  why       AWS did not accept the caller's credentials\n"), text);
    }

    private String format(Events event, SourceRef source) {
        EnrichedDenial d = classifier.classify(event.json(), source).orElseThrow();
        return formatter.format(d);
    }
}
