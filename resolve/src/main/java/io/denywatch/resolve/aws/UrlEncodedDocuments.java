package io.denywatch.resolve.aws;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Policy documents as IAM returns them. */
final class UrlEncodedDocuments {

    private UrlEncodedDocuments() {
    }

    /**
     * IAM returns documents URL-encoded (RFC 3986), e.g. GetPolicyVersion: "The policy document returned in this
     * structure is URL-encoded compliant with RFC 3986"
     * (<a href="https://docs.aws.amazon.com/IAM/latest/APIReference/API_PolicyVersion.html">PolicyVersion</a>). A
     * literal plus is sent as {@code %2B}, so decoding form-style is safe. A document that does not start like encoded
     * JSON ({@code %7B}) is taken as already plain: some endpoints answer that way.
     */
    static String decode(String document) {
        if (document == null) {
            return null;
        }
        String trimmed = document.stripLeading();
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            return document;
        }
        return URLDecoder.decode(document, StandardCharsets.UTF_8);
    }
}
