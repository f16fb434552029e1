package io.denywatch.cli.scan;

import io.denywatch.analyzer.classify.ErrorCodes;
import io.denywatch.analyzer.streams.DenialCandidates;
import io.denywatch.analyzer.streams.EventTimeExtractor;
import io.denywatch.common.cloudtrail.CloudTrailReader;
import io.denywatch.common.cloudtrail.CloudTrailRecord;
import io.denywatch.common.cloudtrail.LogFileException;
import io.denywatch.common.cloudtrail.RecordSink;
import io.denywatch.common.cloudtrail.RejectedRecord;
import io.denywatch.ingest.pipeline.RawEventFormat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Reads one file on a reader thread and keeps what the topology needs of it (see {@link JudgedFile}).
 *
 * <p>About 2 % of CloudTrail events are denials. The analyzer's first step drops every other event by two of its
 * top-level fields ({@link DenialCandidates}) before parsing it; here the same decision is made while the file
 * streams past, so the other 98 % never reach the single-threaded topology. What they still mean to it is time: each
 * one may move stream time, which closes windows and resolves incidents. A file therefore also keeps a
 * {@link JudgedFile.ClockMark} for every event that moves past the largest time believed so far in the file (only
 * those can move the topology's clock, which has seen at least as much), and for its first event, in case it opens
 * the whole scan. Which times are believed follows {@link EventTimeExtractor}: readable, and not more than its
 * margin ahead of the clock.
 */
final class FileJudge {

    private final CloudTrailReader reader;
    private final ErrorCodes codes;
    private final LongSupplier clock;

    FileJudge(CloudTrailReader reader, ErrorCodes codes, LongSupplier clock) {
        this.reader = reader;
        this.codes = codes;
        this.clock = clock;
    }

    JudgedFile judge(ScanInput input) {
        String source = input.source();
        byte[] sourceBytes = source.getBytes(StandardCharsets.UTF_8);
        List<JudgedFile.Kept> kept = new ArrayList<>();
        List<ScanReport.Problem> problems = new ArrayList<>();
        long latestBelievable = clock.getAsLong() + EventTimeExtractor.MAX_AHEAD;
        long[] events = {0};
        try (InputStream in = input.open()) {
            reader.read(in, new RecordSink() {
                private long clockInFile = Long.MIN_VALUE;

                @Override
                public void accept(CloudTrailRecord record) {
                    boolean first = events[0]++ == 0;
                    byte[] timeBytes = record.eventTime() == null ? null
                            : record.eventTime().getBytes(StandardCharsets.UTF_8);
                    long time = believed(timeBytes, latestBelievable);
                    if (DenialCandidates.mayBeDenial(codes, record.errorCode(), record.eventName())) {
                        kept.add(new JudgedFile.Candidate(RawEventFormat.key(record), record.bytes(),
                                RawEventFormat.headers(record, sourceBytes), time));
                    } else if (first || time > clockInFile) {
                        kept.add(new JudgedFile.ClockMark(timeBytes, time));
                    }
                    clockInFile = Math.max(clockInFile, time);
                }

                @Override
                public void reject(RejectedRecord rejected) {
                    problems.add(new ScanReport.Problem(source + "#" + rejected.index(), rejected.problem().code()));
                }
            });
        } catch (LogFileException e) {
            problems.add(new ScanReport.Problem(source, e.problem().code() + ": " + e.getMessage()));
        } catch (Exception e) {
            problems.add(new ScanReport.Problem(source, "unreadable: " + e.getMessage()));
        }
        return new JudgedFile(source, events[0], problems, kept);
    }

    private static long believed(byte[] eventTime, long latestBelievable) {
        if (eventTime == null) {
            return Long.MIN_VALUE;
        }
        long time = EventTimeExtractor.parse(eventTime);
        return time > latestBelievable ? Long.MIN_VALUE : time;
    }
}
