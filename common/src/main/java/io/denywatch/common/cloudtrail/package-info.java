/**
 * Reading CloudTrail events from files and streams: {@link io.denywatch.common.cloudtrail.CloudTrailReader} takes
 * gzip or plain input and passes each event on as its original bytes, in the {@link
 * io.denywatch.common.cloudtrail.Shape}s its caller takes (the ingestor: delivery files only; {@code explain} and
 * {@code scan}: all of them).
 */
package io.denywatch.common.cloudtrail;
