package io.denywatch.common.cloudtrail;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * An input stream that remembers the last {@code capacity} bytes it passed on, so that a record found by a streaming
 * parser can be copied out byte for byte by its offsets.
 *
 * <p>Memory is fixed at {@code capacity} whatever the stream's length. A range that has already slid out of the
 * window cannot be copied: with a capacity of the largest accepted record plus the parser's read-ahead, that happens
 * only to records that are too large anyway.
 */
final class ByteWindow extends FilterInputStream {

    private final byte[] ring;
    private final long maxTotal;
    private long total;

    /**
     * @param in       the decompressed stream
     * @param capacity how many of the most recent bytes stay copyable
     * @param maxTotal how many bytes may pass in all before the stream is refused (a decompression bound)
     */
    ByteWindow(InputStream in, int capacity, long maxTotal) {
        super(in);
        this.ring = new byte[capacity];
        this.maxTotal = maxTotal;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            remember(b, off, n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // The parser never skips; refusing keeps every byte passing through the window.
        return 0;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void remember(byte[] b, int off, int n) throws LogFileException {
        if (total + n > maxTotal) {
            throw new LogFileException(LogFileProblem.TOO_LARGE_DECOMPRESSED,
                    "more than " + maxTotal + " bytes after decompression");
        }
        int cap = ring.length;
        // Only the last `cap` bytes of a long read can matter; offset o always lives at ring[o % cap].
        int skip = Math.max(0, n - cap);
        int len = n - skip;
        int pos = (int) ((total + skip) % cap);
        int first = Math.min(len, cap - pos);
        System.arraycopy(b, off + skip, ring, pos, first);
        if (first < len) {
            System.arraycopy(b, off + skip + first, ring, 0, len - first);
        }
        total += n;
    }

    /** Total bytes passed on so far. */
    long total() {
        return total;
    }

    /** Whether {@code [start, end)} is still inside the window. */
    boolean holds(long start, long end) {
        return start >= 0 && end <= total && end - start <= ring.length && start >= total - ring.length;
    }

    /** A copy of the bytes at offsets {@code [start, end)}; check {@link #holds} first. */
    byte[] copy(long start, long end) {
        if (!holds(start, end)) {
            throw new IllegalStateException("range " + start + ".." + end + " has left the window");
        }
        int len = (int) (end - start);
        byte[] out = new byte[len];
        int cap = ring.length;
        int pos = (int) (start % cap);
        int first = Math.min(len, cap - pos);
        System.arraycopy(ring, pos, out, 0, first);
        if (first < len) {
            System.arraycopy(ring, 0, out, first, len - first);
        }
        return out;
    }
}
