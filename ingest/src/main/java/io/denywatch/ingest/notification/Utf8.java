package io.denywatch.ingest.notification;

/** Counts the UTF-8 size of a string without encoding it, since SQS limits bodies in bytes, not chars. */
final class Utf8 {

    private Utf8() {
    }

    /**
     * The UTF-8 length of {@code text}, or some value over {@code limit} as soon as it is known to exceed it, so a
     * huge body costs no more than the limit to refuse.
     */
    static long length(final String text, final long limit) {
        long bytes = 0;
        for (int i = 0; i < text.length() && bytes <= limit; i++) {
            final char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800 || Character.isSurrogate(c)) {
                // Each half of a surrogate pair counts 2: the pair encodes to 4 bytes.
                bytes += 2;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
