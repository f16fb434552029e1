package io.denywatch.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.denywatch.contract.denial.Category;
import io.denywatch.contract.denial.DenyKind;
import io.denywatch.contract.denial.Diagnosis;
import io.denywatch.contract.denial.EncodedMessage;
import io.denywatch.contract.denial.EnrichedDenial;
import io.denywatch.contract.denial.FixLocation;
import io.denywatch.contract.denial.PolicyType;
import io.denywatch.contract.denial.Principal;

class CallsTest {

    @Test
    void aDenialGivesTheCallWithTheContextTheRecordShows() {
        Call call = Calls.of(denial("IAMUser", "arn:aws:iam::111122223333:user/alice", "203.0.113.7",
                "User: arn:aws:iam::111122223333:user/alice is not authorized", EncodedMessage.ABSENT));
        assertEquals("arn:aws:iam::111122223333:user/alice", call.principalArn());
        assertEquals("s3:PutObject", call.action());
        assertEquals("arn:aws:s3:::prod-data/report.csv", call.resource());
        assertEquals("203.0.113.7", call.context().get("aws:SourceIp"));
        assertEquals("alice", call.context().get("aws:username"));
        assertEquals("eu-west-1", call.context().get("aws:RequestedRegion"));
        assertEquals("111122223333", call.context().get("aws:PrincipalAccount"));
        assertFalse(call.context().containsKey("aws:ViaAWSService"), "invokedBy does not settle it");
        assertNull(call.encodedMessage());
    }

    @Test
    void aServiceNameInSourceIpAddressIsNotAnAddress() {
        Call call = Calls.of(denial("AssumedRole", "arn:aws:iam::111122223333:role/app", "s3.amazonaws.com",
                "denied", EncodedMessage.ABSENT));
        assertFalse(call.context().containsKey("aws:SourceIp"));
        assertFalse(call.context().containsKey("aws:username"), "a role has no user name");
    }

    @Test
    void aWholeEncodedMessageIsPassedOnAndACutOneIsNot() {
        String message = "You are not authorized to perform this operation. Encoded authorization failure message: "
                + "AbC-123_xyz";
        assertEquals("AbC-123_xyz", Calls.of(denial("AssumedRole", "arn:aws:iam::111122223333:role/app",
                "203.0.113.7", message, new EncodedMessage(true, false))).encodedMessage());
        assertNull(Calls.of(denial("AssumedRole", "arn:aws:iam::111122223333:role/app", "203.0.113.7", message,
                new EncodedMessage(true, true))).encodedMessage());
    }

    @Test
    void theRecordAddsTheContextTheDenialDoesNotKeep() {
        String record = """
                {"eventVersion":"1.09","userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLE:build",
                  "sessionContext":{"attributes":{"creationDate":"2026-12-07T09:00:00Z","mfaAuthenticated":"true"}}},
                 "vpcEndpointId":"vpce-0abc","vpcEndpointAccountId":"111122223333",
                 "tlsDetails":{"tlsVersion":"TLSv1.3"},"userAgent":"aws-cli/2"}""";
        Call call = Calls.of(denial("AssumedRole", "arn:aws:iam::111122223333:role/app", "203.0.113.7", "denied",
                EncodedMessage.ABSENT), record.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("vpce-0abc", call.context().get("aws:SourceVpce"));
        assertEquals("111122223333", call.context().get("aws:VpceAccount"));
        assertEquals("true", call.context().get("aws:MultiFactorAuthPresent"));
        assertEquals("true", call.context().get("aws:SecureTransport"));
        assertEquals("AROAEXAMPLE:build", call.context().get("aws:userid"));
        assertEquals("2026-12-07T09:00:00Z", call.context().get("aws:TokenIssueTime"));
        assertEquals("203.0.113.7", call.context().get("aws:VpcSourceIp"), "through an endpoint, the VPC address");
        assertFalse(call.context().containsKey("aws:SourceIp"), "absent through a VPC endpoint");
        assertEquals("eu-west-1", call.context().get("aws:RequestedRegion"), "the denial's own values stay");
    }

    @Test
    void aRecordWithoutTlsDetailsLeavesSecureTransportUnknown() {
        Call call = Calls.of(denial("AssumedRole", "arn:aws:iam::111122223333:role/app", "203.0.113.7", "denied",
                EncodedMessage.ABSENT), "{\"eventVersion\":\"1.09\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertFalse(call.context().containsKey("aws:SecureTransport"));
        assertFalse(call.context().containsKey("aws:SourceVpce"));
    }

    @Test
    void theAccountOfAnArn() {
        assertEquals("111122223333", Calls.accountOf("arn:aws:iam::111122223333:role/app"));
        assertNull(Calls.accountOf("arn:aws:s3:::bucket"));
        assertNull(Calls.accountOf(null));
    }

    private static EnrichedDenial denial(String type, String identity, String sourceIp, String message,
                                         EncodedMessage encoded) {
        Principal principal = new Principal(identity, identity, type, "111122223333", null, null, false);
        Diagnosis diagnosis = new Diagnosis(DenyKind.IMPLICIT, PolicyType.IDENTITY_BASED, null, null, encoded,
                FixLocation.values()[0], "advice", List.of());
        return new EnrichedDenial(1, "id-1", "2026-12-07T10:00:00Z", "s3.amazonaws.com", "PutObject", "eu-west-1",
                "111122223333", "req-1", sourceIp, "aws-cli/2", "AccessDenied", message, Category.AUTHORIZATION,
                principal, "s3:PutObject", List.of("arn:aws:s3:::prod-data/report.csv"), "arn:aws:s3:::prod-data",
                diagnosis, null);
    }
}
