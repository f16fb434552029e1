package io.denywatch.contract.denial;

/**
 * What is known of an EC2-style {@code Encoded authorization failure message} in the error message.
 *
 * @param present   the message carries an encoded blob
 * @param truncated the blob was cut short (CloudTrail keeps only the first 1 KB of a message), so
 *                  {@code sts:DecodeAuthorizationMessage} cannot decode it
 */
public record EncodedMessage(boolean present, boolean truncated) {

    /** No encoded blob in the message. */
    public static final EncodedMessage ABSENT = new EncodedMessage(false, false);
}
