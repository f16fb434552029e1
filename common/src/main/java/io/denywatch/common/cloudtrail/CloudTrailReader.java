package io.denywatch.common.cloudtrail;

import io.denywatch.common.json.Json;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads CloudTrail events from a stored log file or any other stream: gzip or plain JSON (told apart by the gzip
 * magic bytes, not by the name), then split into records by a {@link RecordSplitter} that takes the {@link Shape}s
 * its caller names. The one reader behind ingest, replay, scan and explain.
 *
 * <p>It keeps two kinds of failure apart. An exception from the stored bytes' own stream (the network) is a
 * {@link SourceReadException}, worth retrying. A damaged gzip stream or bad JSON over bytes that arrived whole is a
 * {@link LogFileException}: reading again would fail the same way.
 */
public final class CloudTrailReader {

    private static final int BUFFER = 64 * 1024;

    private final RecordSplitter splitter;

    public CloudTrailReader(RecordSplitter splitter) {
        this.splitter = splitter;
    }

    /**
     * A reader taking the given shapes, with the shared JSON factory.
     *
     * @param maxRecordBytes largest event passed on; larger ones are rejected one by one
     * @param maxFileBytes   largest input after decompression
     */
    public static CloudTrailReader accepting(Set<Shape> shapes, int maxRecordBytes, long maxFileBytes) {
        return new CloudTrailReader(new RecordSplitter(Json.factory(), maxRecordBytes, maxFileBytes, shapes));
    }

    /**
     * Streams the input to the sink.
     *
     * @param raw the stored bytes, compressed or not; not closed here
     */
    public SplitSummary read(InputStream raw, RecordSink sink) throws Exception {
        SourceStream source = new SourceStream(raw);
        BufferedInputStream buffered = new BufferedInputStream(source, BUFFER);
        InputStream content = null;
        try {
            // Everything after the stored bytes is content: a damaged gzip header or an unreadable encoding is as
            // permanent as damage in the middle, and must not be retried as if it were a network fault.
            content = startsWithGzipMagic(buffered) ? new GZIPInputStream(buffered, BUFFER) : buffered;
            SplitSummary summary = splitter.split(content, sink);
            source.rethrowSwallowedFailure();
            return summary;
        } catch (SourceReadException e) {
            throw e;
        } catch (ZipException e) {
            throw new LogFileException(LogFileProblem.CORRUPT_GZIP, e.getMessage(), e);
        } catch (EOFException e) {
            throw new LogFileException(LogFileProblem.TRUNCATED_GZIP, "the gzip stream ends early", e);
        } finally {
            if (content instanceof GZIPInputStream gzip) {
                // Releases the native inflater now rather than at garbage collection.
                gzip.close();
            }
        }
    }

    private static boolean startsWithGzipMagic(BufferedInputStream in) throws IOException {
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        return b1 == 0x1f && b2 == 0x8b;
    }

    /**
     * Tags every failure of the stored bytes' stream as a source failure, before gzip or JSON can see it.
     *
     * <p>It also answers {@link #available()} with at least 1 until the end: the JDK's gzip reader decides whether
     * another gzip member follows by asking that, and a socket at a member boundary would otherwise say 0 and cut the
     * file short. Since that same reader swallows an exception while it looks for the next member, a failure is
     * remembered and raised again once the file has been read.
     */
    private static final class SourceStream extends FilterInputStream {

        private boolean ended;
        private SourceReadException failure;

        SourceStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                int b = in.read();
                ended = b < 0;
                return b;
            } catch (IOException e) {
                throw fail(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                int n = in.read(b, off, len);
                ended = n < 0;
                return n;
            } catch (IOException e) {
                throw fail(e);
            }
        }

        @Override
        public int available() throws IOException {
            if (ended) {
                return 0;
            }
            try {
                return Math.max(1, in.available());
            } catch (IOException e) {
                throw fail(e);
            }
        }

        private SourceReadException fail(IOException e) {
            failure = e instanceof SourceReadException s ? s : new SourceReadException(e);
            return failure;
        }

        void rethrowSwallowedFailure() throws SourceReadException {
            if (failure != null) {
                throw failure;
            }
        }

        @Override
        public void close() {
            // The caller owns the stored stream and closes (or aborts) it.
        }
    }
}
