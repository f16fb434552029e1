package io.denywatch.resolve.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.denywatch.resolve.Arn;
import software.amazon.awssdk.services.iam.model.ContextEntry;
import software.amazon.awssdk.services.iam.model.ContextKeyTypeEnum;

/** ARNs, documents, context types and settings: the small rules the readers stand on. */
class SmallPartsTest {

    @Test
    void principalsAreRolesUsersOrAnAssumedRolesRole() {
        assertEquals(new PrincipalArn("arn:aws:iam::111122223333:role/app/uploader", "111122223333",
                PrincipalArn.Kind.ROLE, "uploader"), PrincipalArn.parse("arn:aws:iam::111122223333:role/app/uploader"));
        assertEquals(PrincipalArn.Kind.USER, PrincipalArn.parse("arn:aws-cn:iam::111122223333:user/alice").kind());
        PrincipalArn session = PrincipalArn.parse("arn:aws:sts::111122223333:assumed-role/deployer/run-1");
        assertEquals("deployer", session.name());
        assertEquals(PrincipalArn.Kind.ROLE, session.kind());
        assertThrows(IllegalArgumentException.class,
                () -> PrincipalArn.parse("arn:aws:sts::111122223333:federated-user/bob"));
        assertThrows(IllegalArgumentException.class, () -> PrincipalArn.parse("AROAEXAMPLE"));
    }

    @Test
    void theAccountOfAnArn() {
        assertEquals("aws", Arn.of("arn:aws:iam::aws:policy/ReadOnlyAccess").account());
        assertEquals("111122223333", Arn.of("arn:aws:iam::111122223333:policy/team/p").account());
        assertEquals("p-abc123",
                Arn.of("arn:aws:organizations::111122223333:policy/o-x/service_control_policy/p-abc123").name());
        assertEquals("p-FullAWSAccess",
                Arn.of("arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess").name());
    }

    @Test
    void iamsUrlEncodedDocumentsAreDecodedAndPlainOnesKept() {
        String document = "{\"Statement\":[{\"Condition\":{\"StringEquals\":{\"aws:ResourceTag/t\":\"a+b 100% é\"}}}]}";
        // IAM encodes as RFC 3986: a space as %20, a plus as %2B.
        String encoded = URLEncoder.encode(document, StandardCharsets.UTF_8).replace("+", "%20");
        assertEquals(document, UrlEncodedDocuments.decode(encoded));
        assertEquals(document, UrlEncodedDocuments.decode(document));
        assertEquals("\n" + document, UrlEncodedDocuments.decode("%0A" + encoded));
        assertNull(UrlEncodedDocuments.decode(null));
    }

    @Test
    void contextValuesAreTypedAsAwsDocumentsTheirKeys() {
        List<ContextEntry> entries = SimulationContext.entries(Map.of("aws:SourceIp", "203.0.113.7",
                "aws:SecureTransport", "true", "aws:CurrentTime", "2026-12-07T10:00:00Z",
                "aws:TokenIssueTime", "2026-12-07T09:00:00Z", "aws:MultiFactorAuthAge", "60",
                "aws:PrincipalTag/team", "blue"));
        assertEquals(List.of("aws:CurrentTime", "aws:MultiFactorAuthAge", "aws:PrincipalTag/team",
                "aws:SecureTransport", "aws:SourceIp", "aws:TokenIssueTime"),
                entries.stream().map(ContextEntry::contextKeyName).toList(), "sorted, for the same request each time");
        assertEquals(List.of(ContextKeyTypeEnum.DATE, ContextKeyTypeEnum.NUMERIC, ContextKeyTypeEnum.STRING,
                        ContextKeyTypeEnum.BOOLEAN, ContextKeyTypeEnum.IP, ContextKeyTypeEnum.DATE),
                entries.stream().map(ContextEntry::contextKeyType).toList());
        assertEquals(ContextKeyTypeEnum.BOOLEAN, SimulationContext.type("aws:multifactorauthpresent"));
    }

    @Test
    void settingsTakeBlankAsUnsetAndNeedATimeout() {
        LookupSettings settings = new LookupSettings(" ", "", "  ", Duration.ofSeconds(5));
        assertNull(settings.region());
        assertNull(settings.readerRoleName());
        assertNull(settings.organizationAccountId());
        assertThrows(IllegalArgumentException.class, () -> new LookupSettings(null, null, null, Duration.ZERO));
        assertThrows(NullPointerException.class, () -> new LookupSettings(null, null, null, null));
    }
}
