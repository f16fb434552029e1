package io.denywatch.ingest.logfile;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads one stored log file: gzip or plain JSON (told apart by the gzip magic bytes, not by the name), then split
 * into records.
 *
 * <p>It keeps two kinds of failure apart. An exception from the stored bytes' own stream (the network) is a
 * {@link SourceReadException}, worth retrying. A damaged gzip stream or bad JSON over bytes that arrived whole is a
 * {@link LogFileException}: reading again would fail the same way.
 */
public final class LogFileReader {

    private static final int BUFFER = 64 * 1024;

    private final RecordSplitter splitter;

    public LogFileReader(RecordSplitter splitter) {
        this.splitter = splitter;
    }

    /**
     * Streams the file to the sink.
     *
     * @param raw the stored bytes, compressed or not; not closed here
     */
    public SplitSummary read(InputStream raw, RecordSink sink) throws Exception {
        BufferedInputStream buffered = new BufferedInputStream(new SourceStream(raw), BUFFER);
        boolean gzip = startsWithGzipMagic(buffered);
        InputStream content = gzip ? new GZIPInputStream(buffered, BUFFER) : buffered;
        try {
            return splitter.split(content, sink);
        } catch (ZipException e) {
            throw new LogFileException(LogFileProblem.CORRUPT_GZIP, e.getMessage(), e);
        } catch (EOFException e) {
            throw new LogFileException(LogFileProblem.TRUNCATED_GZIP, "the gzip stream ends early", e);
        }
    }

    private static boolean startsWithGzipMagic(BufferedInputStream in) throws IOException {
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        return b1 == 0x1f && b2 == 0x8b;
    }

    /** Tags every failure of the stored bytes' stream as a source failure, before gzip or JSON can see it. */
    private static final class SourceStream extends FilterInputStream {

        SourceStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return in.read();
            } catch (SourceReadException e) {
                throw e;
            } catch (IOException e) {
                throw new SourceReadException(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (SourceReadException e) {
                throw e;
            } catch (IOException e) {
                throw new SourceReadException(e);
            }
        }

        @Override
        public void close() {
            // The caller owns the stored stream and closes (or aborts) it.
        }
    }
}
