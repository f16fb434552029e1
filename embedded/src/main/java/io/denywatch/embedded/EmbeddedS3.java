package io.denywatch.embedded;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/**
 * An S3 API on a free loopback port, served by S3Proxy in this JVM.
 *
 * <p>Requests must be signed (SigV2 or SigV4) with {@link AwsClients#STATIC_CREDENTIALS}, so a client that forgets
 * its credentials fails here as it would against AWS. Buckets are addressed path-style.
 *
 * <p>{@link #faults()} slows down or fails GetObject requests on the server side; see {@link S3Faults}.
 */
public final class EmbeddedS3 implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedS3.class);

    /** How long close() lets in-flight requests (say, one held by an injected delay) finish. */
    private static final long STOP_TIMEOUT_MILLIS = 2_000;

    private final S3Proxy proxy;
    private final S3Store store;
    private final Path storageDir;
    private final S3Faults faults;
    private boolean closed;

    private EmbeddedS3(S3Proxy proxy, S3Store store, Path storageDir, S3Faults faults) {
        this.proxy = proxy;
        this.store = store;
        this.storageDir = storageDir;
        this.faults = faults;
    }

    /** Starts S3Proxy on a free port with the given store; returns once it accepts connections. */
    public static EmbeddedS3 start(S3Store store) {
        long started = System.nanoTime();
        Path storageDir = store == S3Store.FILESYSTEM ? TempDirs.create("denywatch-s3-") : null;
        S3Faults faults = new S3Faults();
        AwsCredentials credentials = AwsClients.STATIC_CREDENTIALS.resolveCredentials();
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(new FaultInjectingBlobStore(blobStore(store, storageDir), faults))
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4,
                        credentials.accessKeyId(), credentials.secretAccessKey())
                .stopTimeout(STOP_TIMEOUT_MILLIS)
                .build();
        EmbeddedS3 s3 = new EmbeddedS3(proxy, store, storageDir, faults);
        try {
            proxy.start();
        } catch (Exception e) {
            s3.close();
            throw new IllegalStateException("S3Proxy did not start", e);
        }
        LOG.info("S3 ({} store) started on {} in {} ms", store, s3.endpoint(),
                (System.nanoTime() - started) / 1_000_000);
        return s3;
    }

    private static BlobStore blobStore(S3Store store, Path storageDir) {
        return switch (store) {
            case TRANSIENT -> new TransientNio2BlobStore();
            case FILESYSTEM -> new FilesystemNio2BlobStore(storageDir.toString());
        };
    }

    /** {@code http://127.0.0.1:port}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    /** Which store holds the objects. */
    public S3Store store() {
        return store;
    }

    /** The directory holding the objects, for the {@link S3Store#FILESYSTEM} store. */
    public Optional<Path> storageDir() {
        return Optional.ofNullable(storageDir);
    }

    /** The fault injector for GetObject; faults are off until set. */
    public S3Faults faults() {
        return faults;
    }

    /** Stops S3Proxy and deletes the stored objects. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            proxy.stop();
        } catch (Exception e) {
            LOG.warn("S3Proxy did not stop cleanly", e);
        } finally {
            if (storageDir != null) {
                TempDirs.deleteRecursively(storageDir);
            }
        }
    }
}
