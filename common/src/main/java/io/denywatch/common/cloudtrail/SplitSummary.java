package io.denywatch.common.cloudtrail;

/**
 * What one pass over a log file found.
 *
 * @param records           records passed on
 * @param rejected          elements rejected one by one
 * @param decompressedBytes bytes read after decompression
 */
public record SplitSummary(int records, int rejected, long decompressedBytes) {
}
