package io.denywatch.embedded;

import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/** Puts {@link S3Faults} between S3Proxy's HTTP handling and the store that holds the objects. */
final class FaultInjectingBlobStore extends ForwardingBlobStore {

    private final S3Faults faults;

    FaultInjectingBlobStore(BlobStore delegate, S3Faults faults) {
        super(delegate);
        this.faults = faults;
    }

    @Override
    public ResponseInputStream<GetObjectResponse> getBlob(GetObjectRequest request) {
        faults.beforeGetObject(request.key());
        return super.getBlob(request);
    }
}
