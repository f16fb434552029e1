package io.denywatch.ingest.notification;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes the form-URL encoding S3 applies to keys in event notifications: {@code +} is a space, {@code %XX} is a
 * byte of the UTF-8 key.
 *
 * <p>Stricter than {@link java.net.URLDecoder}, which throws an unchecked exception for a malformed escape and
 * silently turns escapes that are not valid UTF-8 into U+FFFD: a key changed that way names a different object, so
 * both cases are refused here with a checked exception.
 */
final class FormUrlDecoder {

    /** A key that cannot be decoded; the message says where and why, without the key itself. */
    static final class MalformedEncodingException extends Exception {

        private static final long serialVersionUID = 1L;

        MalformedEncodingException(final String message) {
            super(message);
        }
    }

    private FormUrlDecoder() {
    }

    /** Decodes {@code encoded} exactly once. */
    static String decode(final String encoded) throws MalformedEncodingException {
        if (encoded.indexOf('%') < 0 && encoded.indexOf('+') < 0) {
            return encoded;
        }
        final StringBuilder out = new StringBuilder(encoded.length());
        final byte[] bytes = new byte[encoded.length() / 3 + 1];
        int i = 0;
        while (i < encoded.length()) {
            final char c = encoded.charAt(i);
            if (c == '%') {
                // A run of escapes is decoded as a whole: one multi-byte UTF-8 character spans several escapes.
                int count = 0;
                while (i < encoded.length() && encoded.charAt(i) == '%') {
                    bytes[count++] = escapedByte(encoded, i);
                    i += 3;
                }
                out.append(utf8(bytes, count, i));
            } else {
                out.append(c == '+' ? ' ' : c);
                i++;
            }
        }
        return out.toString();
    }

    /**
     * True when every {@code %} in {@code text} starts a two-hex-digit escape and at least one does, i.e. when the
     * text has the form an encoder produces for a key with a special character.
     */
    static boolean hasEscapes(final String text) {
        boolean any = false;
        for (int i = text.indexOf('%'); i >= 0; i = text.indexOf('%', i + 1)) {
            if (i + 2 >= text.length() || hexValue(text.charAt(i + 1)) < 0 || hexValue(text.charAt(i + 2)) < 0) {
                return false;
            }
            any = true;
        }
        return any;
    }

    /** True when {@code text} holds only characters a form encoder leaves as they are or emits: printable ASCII. */
    static boolean isEncoderAlphabet(final String text) {
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static byte escapedByte(final String encoded, final int at) throws MalformedEncodingException {
        if (at + 2 >= encoded.length()) {
            throw new MalformedEncodingException("incomplete percent-escape at index " + at);
        }
        final int high = hexValue(encoded.charAt(at + 1));
        final int low = hexValue(encoded.charAt(at + 2));
        if (high < 0 || low < 0) {
            throw new MalformedEncodingException("percent sign not followed by two hex digits at index " + at);
        }
        return (byte) (high << 4 | low);
    }

    private static String utf8(final byte[] bytes, final int count, final int endIndex)
            throws MalformedEncodingException {
        final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return decoder.decode(ByteBuffer.wrap(bytes, 0, count)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedEncodingException("percent-escapes ending at index " + endIndex + " are not UTF-8");
        }
    }

    private static int hexValue(final char c) {
        return Character.digit(c, 16) >= 0 && c < 0x80 ? Character.digit(c, 16) : -1;
    }
}
