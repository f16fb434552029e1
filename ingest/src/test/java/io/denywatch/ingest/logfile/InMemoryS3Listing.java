package io.denywatch.ingest.logfile;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An {@link S3Client} that answers ListObjectsV2 from keys in memory the way S3 does (prefix, delimiter with common
 * prefixes, lexicographic order, pages with continuation tokens) and records every request. Every other call fails.
 */
final class InMemoryS3Listing implements S3Client {

    private final Map<String, TreeSet<String>> buckets = new TreeMap<>();
    private final List<ListObjectsV2Request> requests = new CopyOnWriteArrayList<>();
    private final int pageSize;

    /** @param pageSize the most entries (keys plus common prefixes) one page returns, to force pagination */
    InMemoryS3Listing(final int pageSize) {
        this.pageSize = pageSize;
    }

    InMemoryS3Listing put(final String bucket, final Collection<String> keys) {
        buckets.computeIfAbsent(bucket, b -> new TreeSet<>()).addAll(keys);
        return this;
    }

    List<ListObjectsV2Request> requests() {
        return requests;
    }

    @Override
    public ListObjectsV2Response listObjectsV2(final ListObjectsV2Request request) {
        requests.add(request);
        final TreeSet<String> keys = buckets.get(request.bucket());
        if (keys == null) {
            throw NoSuchBucketException.builder().message("no bucket " + request.bucket()).build();
        }
        final String prefix = request.prefix() == null ? "" : request.prefix();
        final String delimiter = request.delimiter();
        final List<Object> entries = new ArrayList<>();
        String lastPrefix = null;
        for (final String key : keys.tailSet(prefix, true)) {
            if (!key.startsWith(prefix)) {
                break;
            }
            final int cut = delimiter == null ? -1 : key.indexOf(delimiter, prefix.length());
            if (cut < 0) {
                entries.add(S3Object.builder().key(key).size(1L).build());
            } else {
                final String common = key.substring(0, cut + delimiter.length());
                if (!common.equals(lastPrefix)) {
                    entries.add(CommonPrefix.builder().prefix(common).build());
                    lastPrefix = common;
                }
            }
        }
        final int start = request.continuationToken() == null ? 0 : Integer.parseInt(request.continuationToken());
        final int max = Math.min(pageSize, request.maxKeys() == null ? 1000 : request.maxKeys());
        final int end = Math.min(entries.size(), start + max);
        final List<S3Object> contents = new ArrayList<>();
        final List<CommonPrefix> prefixes = new ArrayList<>();
        for (final Object entry : entries.subList(start, end)) {
            if (entry instanceof S3Object) {
                contents.add((S3Object) entry);
            } else {
                prefixes.add((CommonPrefix) entry);
            }
        }
        final boolean truncated = end < entries.size();
        return ListObjectsV2Response.builder()
                .name(request.bucket()).prefix(prefix).delimiter(delimiter)
                .contents(contents).commonPrefixes(prefixes).keyCount(end - start)
                .isTruncated(truncated).continuationToken(request.continuationToken())
                .nextContinuationToken(truncated ? Integer.toString(end) : null)
                .build();
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
    }
}
