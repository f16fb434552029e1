package io.denywatch.cli.scan;

import java.io.IOException;
import java.io.InputStream;

/** One log file to scan, opened only when its turn comes. */
public interface ScanInput {

    /** {@code s3://bucket/key} or the file's URI. */
    String source();

    InputStream open() throws IOException;
}
