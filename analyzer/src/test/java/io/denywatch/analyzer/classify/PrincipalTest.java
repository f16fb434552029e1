package io.denywatch.analyzer.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.denywatch.contract.denial.Principal;

/** Who a denial belongs to, for every kind of {@code userIdentity}. */
class PrincipalTest {

    private final DenialClassifier classifier = new DenialClassifier();

    @Test
    void assumedRoleBelongsToTheRoleAndNamesItsSession() {
        Principal p = principalOf(Events.denied("AccessDenied", "Access Denied"));
        assertEquals(Events.SESSION_ARN, p.arn());
        assertEquals(Events.ROLE_ARN, p.identityArn());
        assertEquals("AssumedRole", p.type());
        assertEquals("worker-7", p.sessionName());
        assertEquals(Events.ACCOUNT, p.accountId());
        assertFalse(p.crossAccount());
    }

    @Test
    void assumedRoleKeepsTheIssuersPathWhichTheSessionArnLacks() {
        Principal p = principalOf(Events.denied("AccessDenied", "Access Denied").assumedRole(
                "arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Admin_abc/jane@example.com",
                "arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_abc"));
        assertEquals("arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_abc",
                p.identityArn());
        assertEquals("jane@example.com", p.sessionName());
    }

    @Test
    void assumedRoleWithoutIssuerIsRebuiltFromTheSessionArn() {
        Principal p = principalOf(Events.denied("AccessDenied", "Access Denied").assumedRole(Events.SESSION_ARN,
                null));
        assertEquals(Events.ROLE_ARN, p.identityArn());
        assertEquals("worker-7", p.sessionName());
    }

    @Test
    void iamUserIsItsOwnIdentity() {
        Principal p = principalOf(Events.denied("AccessDenied", "Access Denied").identity("{\"type\":\"IAMUser\","
                + "\"principalId\":\"AIDAEXAMPLE\",\"arn\":\"arn:aws:iam::123456789012:user/ops/alice\","
                + "\"accountId\":\"123456789012\",\"userName\":\"alice\"}"));
        assertEquals("arn:aws:iam::123456789012:user/ops/alice", p.arn());
        assertEquals("arn:aws:iam::123456789012:user/ops/alice", p.identityArn());
        assertNull(p.sessionName());
    }

    @Test
    void rootIsTheRootArn() {
        Principal p = principalOf(Events.denied("AccessDenied", "Access Denied").identity("{\"type\":\"Root\","
                + "\"principalId\":\"123456789012\",\"arn\":\"arn:aws:iam::123456789012:root\","
                + "\"accountId\":\"123456789012\"}"));
        assertEquals("arn:aws:iam::123456789012:root", p.identityArn());
        assertEquals("Root", p.type());
    }

    @Test
    void rootWithoutArnIsRebuiltFromTheAccount() {
        Principal p = principalOf(Events.denied("AccessDenied", "Access Denied").identity("{\"type\":\"Root\","
                + "\"accountId\":\"123456789012\"}"));
        assertNull(p.arn());
        assertEquals("arn:aws:iam::123456789012:root", p.identityArn());
    }

    @Test
    void awsServiceHasNoIamIdentityButNamesTheService() {
        Principal p = principalOf(Events.denied("AccessDenied", "Access Denied").identity("{\"type\":\"AWSService\","
                + "\"invokedBy\":\"cloudtrail.amazonaws.com\"}"));
        assertNull(p.arn());
        assertNull(p.identityArn());
        assertEquals("cloudtrail.amazonaws.com", p.invokedBy());
        assertFalse(p.crossAccount());
    }

    @Test
    void invokedByIsKeptForARoleUsedByAService() {
        Principal p = principalOf(Events.denied("AccessDenied", "Access Denied").identity("{\"type\":\"AssumedRole\","
                + "\"arn\":\"" + Events.SESSION_ARN + "\",\"accountId\":\"123456789012\","
                + "\"invokedBy\":\"lambda.amazonaws.com\",\"sessionContext\":{\"sessionIssuer\":{\"arn\":\""
                + Events.ROLE_ARN + "\"}}}"));
        assertEquals(Events.ROLE_ARN, p.identityArn());
        assertEquals("lambda.amazonaws.com", p.invokedBy());
    }

    @Test
    void federatedUserBelongsToTheIssuingUser() {
        Principal p = principalOf(Events.denied("AccessDenied", "Access Denied").identity("{\"type\":"
                + "\"FederatedUser\",\"arn\":\"arn:aws:sts::123456789012:federated-user/bob\",\"accountId\":"
                + "\"123456789012\",\"sessionContext\":{\"sessionIssuer\":{\"type\":\"IAMUser\",\"arn\":"
                + "\"arn:aws:iam::123456789012:user/broker\"}}}"));
        assertEquals("arn:aws:iam::123456789012:user/broker", p.identityArn());
        assertEquals("bob", p.sessionName());
    }

    @Test
    void identityCenterUserHasNoIamIdentity() {
        Principal p = principalOf(Events.denied("AccessDenied", "Access Denied").identity("{\"type\":"
                + "\"IdentityCenterUser\",\"accountId\":\"123456789012\",\"onBehalfOf\":{\"userId\":\"u-1\"}}"));
        assertNull(p.identityArn());
        assertEquals("IdentityCenterUser", p.type());
    }

    @Test
    void aCallerFromAnotherAccountIsCrossAccount() {
        Principal p = principalOf(Events.denied("AccessDenied", "Access Denied").identity("{\"type\":\"AWSAccount\","
                + "\"principalId\":\"AROAEXAMPLE:session\",\"accountId\":\"111111111111\"}"));
        assertTrue(p.crossAccount());
        assertEquals("111111111111", p.accountId());
        assertNull(p.identityArn());
    }

    @Test
    void crossAccountAdviceAsksForBothSides() {
        String advice = classifier.classify(Events.denied("AccessDenied", "User: arn:aws:iam::111111111111:user/x"
                + " is not authorized to perform: s3:PutObject on resource: \"arn:aws:s3:::b/k\" because no"
                + " resource-based policy allows the s3:PutObject action").identity("{\"type\":\"IAMUser\",\"arn\":"
                + "\"arn:aws:iam::111111111111:user/x\",\"accountId\":\"111111111111\"}").json(), null)
                .orElseThrow().diagnosis().advice();
        assertTrue(advice.contains("crossed accounts"), advice);
    }

    @Test
    void theMessagesPrincipalFillsInAMissingArn() {
        Principal p = principalOf(Events.denied("AccessDenied", "User: arn:aws:iam::123456789012:user/carol is not"
                + " authorized to perform: s3:PutObject").identity("{\"type\":\"IAMUser\",\"accountId\":"
                + "\"123456789012\",\"userName\":\"carol\"}"));
        assertEquals("arn:aws:iam::123456789012:user/carol", p.arn());
        assertEquals("arn:aws:iam::123456789012:user/carol", p.identityArn());
    }

    private Principal principalOf(Events event) {
        return classifier.classify(event.json(), null).orElseThrow().principal();
    }
}
