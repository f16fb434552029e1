package io.denywatch.embedded;

/** Where {@link EmbeddedS3} keeps objects. */
public enum S3Store {

    /** In memory: fast and gone on close; for tests with small objects. */
    TRANSIENT,

    /** In a temporary directory, streamed from disk: for benchmark files too large to hold in the heap. */
    FILESYSTEM
}
