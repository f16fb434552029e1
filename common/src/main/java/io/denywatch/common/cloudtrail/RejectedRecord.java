package io.denywatch.common.cloudtrail;

/**
 * One element of the input (of {@code Records} in a delivery file) that was not passed on, and why.
 *
 * @param index   its position in the array
 * @param problem the reason
 * @param size    its length in bytes
 * @param excerpt the first bytes of it as text (bounded), to help whoever investigates; never the whole record
 */
public record RejectedRecord(int index, LogFileProblem problem, long size, String excerpt) {
}
