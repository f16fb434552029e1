/**
 * CloudTrail log files in S3: telling them from the other objects a trail bucket holds ({@link
 * io.denywatch.ingest.logfile.LogFileKeys}), and finding those delivered in a time range without listing the whole
 * bucket ({@link io.denywatch.ingest.logfile.LogFileLister}).
 */
package io.denywatch.ingest.logfile;
