package io.denywatch.analyzer.classify;

import java.util.List;
import java.util.Locale;

import io.denywatch.analyzer.classify.DenialMessage.Reason;
import io.denywatch.analyzer.classify.DenialMessage.Shape;
import io.denywatch.contract.denial.PolicyType;

/**
 * Reads an AWS error message into a {@link DenialMessage}.
 *
 * <p>The general shape is {@code User: <arn> is not authorized to perform: <action>[ on resource: <resource>]
 * <reason>[: <policy-arn>][. Go to <url> for complete details, or call the GetRequestAuthorizationDetails API with the
 * following authorization id: <id>]}, possibly behind EC2's lead sentence and before its encoded blob.
 *
 * <p>The message is read once, left to right, with {@code indexOf} and character tests only: no regular expression, so
 * no input can make parsing slow. Parts are taken in order (principal, action, resource, reason, suffix) so that text
 * inside a quoted S3 key can never be mistaken for a later part.
 *
 * <p>Principal and action cannot contain spaces (IAM names and session names allow none), so the first
 * {@code  is not authorized to perform:} always marks the real boundary.
 */
final class DenialMessageParser {

    static final String EC2_LEAD = "You are not authorized to perform this operation.";
    static final String ENCODED_MARKER = "Encoded authorization failure message:";

    /**
     * CloudTrail keeps the first 1 KB of {@code errorMessage}; a message at least this long has probably lost its
     * tail, so an encoded blob in it is not trusted to be whole.
     */
    static final int TRUNCATION_SUSPECT_LENGTH = 1000;

    private static final String NOT_AUTHORIZED = " is not authorized to perform:";
    private static final String USER_LABEL = "User:";
    private static final String ON_RESOURCE = "on resource:";
    private static final String ON_THIS_RESOURCE = "on this resource";
    private static final String BECAUSE_NO = "because no ";
    private static final String ALLOWS = " allows";
    private static final String EXPLICIT_DENY = "with an explicit deny";
    private static final String KMS_REASON = "because the resource does not exist in this region";
    private static final String AUTHORIZATION_ID = "authorization id:";
    private static final String AUTHORIZATION_DETAILS = "#/authorization-details/";
    private static final String KMS_CIPHERTEXT = "The ciphertext refers to a customer master key";
    private static final String BILLING_NOT_ACTIVATED = "IAM user access not activated";

    /**
     * The typed phrases IAM writes before a resource's name ({@code on resource: role Foo}, {@code on resource:
     * instance profile Foo}, {@code on resource: policy arn:aws:iam::aws:policy/X}), longest first. The resource type
     * of the IAM ARN is the phrase with hyphens for spaces. From IAM's documented resource types (IAM service
     * authorization reference: resource types defined by AWS Identity and Access Management) and the messages IAM
     * writes for them.
     */
    private static final List<String> IAM_TYPE_PHRASES = List.of("instance profile", "instance-profile",
            "saml provider", "saml-provider", "oidc provider", "oidc-provider", "server certificate",
            "server-certificate", "virtual mfa device", "mfa device", "policy version", "role", "user", "group",
            "policy", "mfa", "sms-mfa");

    /** Where a reason clause begins; the resource phrase ends before the first of them. */
    private static final String[] REASON_STARTS = {" because ", " with an explicit deny"};

    private static final String[] ARTICLES = {"an ", "a ", "the "};

    private static final DenialMessage EMPTY = new DenialMessage(Shape.EMPTY, null, null, null, null, Reason.NONE,
            PolicyType.UNKNOWN, false, null, null, null, false);

    private DenialMessageParser() {
    }

    /** Parses an error message; null and blank messages give {@link Shape#EMPTY}. Never throws. */
    static DenialMessage parse(String message) {
        if (message == null || message.isBlank()) {
            return EMPTY;
        }
        Builder b = new Builder();
        int start = skipSpaces(message, 0);
        boolean ec2 = message.startsWith(EC2_LEAD, start);
        if (ec2) {
            start += EC2_LEAD.length();
        }
        int end = message.length();
        int encoded = message.indexOf(ENCODED_MARKER, start);
        if (encoded >= 0) {
            b.encodedBlob = message.substring(encoded + ENCODED_MARKER.length()).strip();
            b.encodedTruncated = isTruncated(message, b.encodedBlob);
            end = encoded;
        }
        String body = message.substring(start, end).strip();
        int notAuthorized = body.indexOf(NOT_AUTHORIZED);
        if (notAuthorized >= 0) {
            b.shape = Shape.NOT_AUTHORIZED;
            parseSentence(body, notAuthorized, b);
        } else {
            classifyOther(body, ec2, b);
        }
        return b.build();
    }

    /**
     * Whether an encoded blob cannot be whole. Any of these says so: the blob is empty; the whole message is at least
     * {@value #TRUNCATION_SUSPECT_LENGTH} characters (CloudTrail's 1 KB cut); the blob ends with {@code ...} (how a cut
     * shows in real records); it holds a character outside the URL-safe base64 alphabet EC2 uses; or its length leaves
     * a remainder of 1 when divided by 4, which no base64 text can.
     */
    static boolean isTruncated(String message, String blob) {
        if (blob.isEmpty() || message.length() >= TRUNCATION_SUSPECT_LENGTH || blob.endsWith("...")) {
            return true;
        }
        for (int i = 0; i < blob.length(); i++) {
            char c = blob.charAt(i);
            boolean base64Url = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_';
            if (!base64Url) {
                return true;
            }
        }
        return blob.length() % 4 == 1;
    }

    private static void parseSentence(String body, int notAuthorized, Builder b) {
        String who = body.substring(0, notAuthorized).strip();
        if (who.startsWith(USER_LABEL)) {
            String arn = who.substring(USER_LABEL.length()).strip();
            b.principalArn = arn.isEmpty() ? null : arn;
        }
        int p = skipSpaces(body, notAuthorized + NOT_AUTHORIZED.length());
        int actionEnd = tokenEnd(body, p);
        String action = trimTrailing(body.substring(p, actionEnd));
        b.action = action.isEmpty() ? null : ActionNames.normalize(action);
        p = skipSpaces(body, actionEnd);
        if (body.startsWith(ON_RESOURCE, p)) {
            p = parseResource(body, skipSpaces(body, p + ON_RESOURCE.length()), b);
        } else if (body.startsWith(ON_THIS_RESOURCE, p)) {
            p += ON_THIS_RESOURCE.length();
        }
        p = skipSpaces(body, p);
        p = parseReason(body, p, b);
        parseAuthorizationId(body, p, b);
    }

    /**
     * Reads the resource starting at {@code p}; returns the position after it. An S3 resource is quoted. Any other runs
     * to the reason clause, whatever it holds — a typed IAM phrase of several words, a policy ARN followed by its
     * version — so that no resource phrase can hide the reason after it (ARNs and IAM names hold no spaces, so the
     * first reason opening after the resource is the real one).
     */
    private static int parseResource(String body, int p, Builder b) {
        if (p >= body.length()) {
            return p;
        }
        if (body.charAt(p) == '"') {
            int close = closingQuote(body, p + 1);
            b.resource = emptyToNull(body.substring(p + 1, close));
            return Math.min(close + 1, body.length());
        }
        int end = phraseEnd(body, p);
        String phrase = body.substring(p, end).strip();
        String typePhrase = iamTypePhrase(phrase);
        if (typePhrase != null) {
            String name = phrase.substring(typePhrase.length()).strip();
            b.resourceType = typePhrase.replace(' ', '-');
            b.resource = emptyToNull(trimTrailing(name.substring(0, tokenEnd(name, 0))));
        } else {
            b.resource = emptyToNull(trimTrailing(phrase.substring(0, tokenEnd(phrase, 0))));
        }
        return end;
    }

    /** Where the resource phrase starting at {@code p} ends: before the reason clause, or at the end. */
    private static int phraseEnd(String body, int p) {
        if (startsReason(body, p)) {
            return p;
        }
        int end = body.length();
        for (String opening : REASON_STARTS) {
            int at = body.indexOf(opening, p);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        return end;
    }

    /** The IAM type phrase {@code phrase} starts with, when a name follows it; else null. */
    private static String iamTypePhrase(String phrase) {
        for (String type : IAM_TYPE_PHRASES) {
            if (phrase.length() > type.length() + 1 && phrase.startsWith(type)
                    && phrase.charAt(type.length()) == ' ') {
                return type;
            }
        }
        return null;
    }

    /** Reads the reason clause at {@code p}; returns where the suffix search may start. */
    private static int parseReason(String body, int p, Builder b) {
        if (body.startsWith(BECAUSE_NO, p)) {
            b.reason = Reason.IMPLICIT;
            int typeStart = p + BECAUSE_NO.length();
            int allows = body.indexOf(ALLOWS, typeStart);
            if (allows < 0) {
                return typeStart;
            }
            applyPolicyType(body.substring(typeStart, allows), b);
            return allows + ALLOWS.length();
        }
        if (body.startsWith(EXPLICIT_DENY, p)) {
            b.reason = Reason.EXPLICIT;
            int q = p + EXPLICIT_DENY.length();
            if (!body.startsWith(" in ", q)) {
                return q;
            }
            q = skipArticle(body, q + " in ".length());
            int typeEnd = typeEnd(body, q);
            applyPolicyType(body.substring(q, typeEnd), b);
            if (typeEnd < body.length() && body.charAt(typeEnd) == ':') {
                int arnStart = skipSpaces(body, typeEnd + 1);
                int arnEnd = tokenEnd(body, arnStart);
                String arn = trimTrailing(body.substring(arnStart, arnEnd));
                if (Arns.isArn(arn)) {
                    b.policyArn = arn;
                }
                return arnEnd;
            }
            return typeEnd;
        }
        String rest = body.substring(p);
        String lower = rest.toLowerCase(Locale.ROOT);
        if (lower.contains(KMS_REASON)) {
            b.reason = Reason.KMS_KEY_ACCESS;
            b.policyType = PolicyType.RESOURCE_BASED;
        } else if (mentionsBlockPublicAccess(lower)) {
            b.reason = Reason.BLOCK_PUBLIC_ACCESS;
        } else if (mentionsSseC(lower)) {
            b.reason = Reason.SSE_C_BLOCKED;
        } else if (rest.isEmpty() || rest.equals(".")) {
            b.reason = Reason.NONE;
        } else {
            b.reason = Reason.UNRECOGNIZED;
        }
        return p;
    }

    private static void parseAuthorizationId(String body, int from, Builder b) {
        int at = body.indexOf(AUTHORIZATION_ID, from);
        if (at >= 0) {
            b.authorizationId = idAt(body, skipSpaces(body, at + AUTHORIZATION_ID.length()));
        }
        if (b.authorizationId == null) {
            int details = body.indexOf(AUTHORIZATION_DETAILS, from);
            if (details >= 0) {
                b.authorizationId = idAt(body, details + AUTHORIZATION_DETAILS.length());
            }
        }
    }

    private static void classifyOther(String body, boolean ec2, Builder b) {
        String lower = body.toLowerCase(Locale.ROOT);
        if (body.isEmpty()) {
            b.shape = ec2 ? Shape.EC2_GENERIC : Shape.EMPTY;
        } else if (lower.equals("access denied") || lower.equals("access denied.")) {
            b.shape = Shape.BARE_ACCESS_DENIED;
        } else if (lower.contains("vpc endpoint policy")) {
            b.shape = Shape.VPC_ENDPOINT_DENIED;
            b.policyType = PolicyType.VPC_ENDPOINT_POLICY;
        } else if (body.startsWith(KMS_CIPHERTEXT)) {
            b.shape = Shape.KMS_CIPHERTEXT;
        } else if (body.startsWith(BILLING_NOT_ACTIVATED)) {
            b.shape = Shape.BILLING_ACCESS_NOT_ACTIVATED;
        } else {
            b.shape = ec2 ? Shape.EC2_GENERIC : Shape.OTHER;
            if (mentionsBlockPublicAccess(lower)) {
                b.reason = Reason.BLOCK_PUBLIC_ACCESS;
            } else if (mentionsSseC(lower)) {
                b.reason = Reason.SSE_C_BLOCKED;
            } else {
                b.reason = Reason.UNRECOGNIZED;
            }
        }
    }

    /**
     * Maps the policy type words of a reason clause. AWS's own IAM example spells {@code sessions policy}; a permissions
     * boundary is written without the word policy. The VPC-endpoint-through-SCP form counts as the SCP's deny.
     */
    static PolicyType policyTypeOf(String words) {
        String t = words.strip().toLowerCase(Locale.ROOT);
        if (t.endsWith("transitively through a service control policy")) {
            return PolicyType.SERVICE_CONTROL_POLICY;
        }
        switch (t) {
            case "identity-based policy":
                return PolicyType.IDENTITY_BASED;
            case "resource-based policy":
                return PolicyType.RESOURCE_BASED;
            case "permissions boundary":
            case "permissions boundary policy":
                return PolicyType.PERMISSIONS_BOUNDARY;
            case "session policy":
            case "sessions policy":
                return PolicyType.SESSION_POLICY;
            case "service control policy":
                return PolicyType.SERVICE_CONTROL_POLICY;
            case "resource control policy":
                return PolicyType.RESOURCE_CONTROL_POLICY;
            case "vpc endpoint policy":
                return PolicyType.VPC_ENDPOINT_POLICY;
            case "role trust policy":
            case "trust policy":
                return PolicyType.ROLE_TRUST_POLICY;
            default:
                return PolicyType.UNKNOWN;
        }
    }

    private static void applyPolicyType(String words, Builder b) {
        b.policyType = policyTypeOf(words);
        b.throughVpcEndpoint = b.policyType == PolicyType.SERVICE_CONTROL_POLICY
                && words.strip().toLowerCase(Locale.ROOT).startsWith("vpc endpoint policy");
    }

    private static boolean mentionsBlockPublicAccess(String lower) {
        return lower.contains("block public access") || lower.contains("blockpublicacls")
                || lower.contains("blockpublicpolicy") || lower.contains("ignorepublicacls")
                || lower.contains("restrictpublicbuckets");
    }

    private static boolean mentionsSseC(String lower) {
        return lower.contains("sse-c") || lower.contains("customer-provided key")
                || lower.contains("customer provided key");
    }

    private static boolean startsReason(String body, int p) {
        return p >= body.length() || body.startsWith("because", p) || body.startsWith("with ", p);
    }

    /** Skips {@code a }, {@code an } or {@code the } at {@code p}. */
    private static int skipArticle(String body, int p) {
        for (String article : ARTICLES) {
            if (body.startsWith(article, p)) {
                return p + article.length();
            }
        }
        return p;
    }

    /** End of a policy type's words: the first {@code :} or {@code .}, or the end. */
    private static int typeEnd(String body, int p) {
        for (int i = p; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == ':' || c == '.') {
                return i;
            }
        }
        return body.length();
    }

    /**
     * The closing quote of an S3 resource: the first {@code "} followed by a space, a full stop or the end. A key may
     * itself contain quotes; this keeps the common case right without guessing further.
     */
    private static int closingQuote(String body, int from) {
        int i = body.indexOf('"', from);
        while (i >= 0) {
            if (i + 1 >= body.length() || body.charAt(i + 1) == ' ' || body.charAt(i + 1) == '.') {
                return i;
            }
            i = body.indexOf('"', i + 1);
        }
        return body.length();
    }

    /** An authorization id ({@code [A-Za-z0-9]+}) starting at {@code p}, or null. */
    private static String idAt(String body, int p) {
        int i = p;
        while (i < body.length() && isIdChar(body.charAt(i))) {
            i++;
        }
        return i > p ? body.substring(p, i) : null;
    }

    private static boolean isIdChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static int skipSpaces(String s, int p) {
        int i = p;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int tokenEnd(String s, int p) {
        int i = p;
        while (i < s.length() && !Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Drops sentence punctuation stuck to the end of a token. */
    private static String trimTrailing(String token) {
        int end = token.length();
        while (end > 0 && (token.charAt(end - 1) == '.' || token.charAt(end - 1) == ',')) {
            end--;
        }
        return token.substring(0, end);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** Mutable while parsing; one per call. */
    private static final class Builder {
        Shape shape = Shape.OTHER;
        String principalArn;
        String action;
        String resource;
        String resourceType;
        Reason reason = Reason.NONE;
        PolicyType policyType = PolicyType.UNKNOWN;
        boolean throughVpcEndpoint;
        String policyArn;
        String authorizationId;
        String encodedBlob;
        boolean encodedTruncated;

        DenialMessage build() {
            return new DenialMessage(shape, principalArn, action, resource, resourceType, reason, policyType,
                    throughVpcEndpoint, policyArn, authorizationId, encodedBlob, encodedTruncated);
        }
    }
}
