package io.denywatch.resolve.aws;

import java.util.Optional;

import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.InvalidAuthorizationMessageException;

/**
 * {@code sts:DecodeAuthorizationMessage}
 * (<a href="https://docs.aws.amazon.com/STS/latest/APIReference/API_DecodeAuthorizationMessage.html">API</a>): AWS
 * answers {@code InvalidAuthorizationMessageException} for a message that is cut short, altered or not AWS's.
 */
final class AuthorizationMessageDecoder {

    private AuthorizationMessageDecoder() {
    }

    static Optional<String> decode(StsClient sts, String encodedMessage) {
        if (encodedMessage == null || encodedMessage.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(Refusals.translate("sts:DecodeAuthorizationMessage", () -> sts
                    .decodeAuthorizationMessage(r -> r.encodedMessage(encodedMessage)).decodedMessage()));
        } catch (InvalidAuthorizationMessageException e) {
            return Optional.empty();
        }
    }
}
