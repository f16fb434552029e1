package io.denywatch.common.cloudtrail;

import java.io.IOException;

/**
 * Reading the stored bytes failed (a dropped connection, a timeout): a property of the moment, not of the file, so
 * the file is retried rather than dead-lettered.
 */
public final class SourceReadException extends IOException {

    public SourceReadException(IOException cause) {
        super("reading the object failed: " + cause.getMessage(), cause);
    }
}
