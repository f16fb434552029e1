package io.denywatch.cli.scan;

import io.denywatch.analyzer.streams.SequentialAnalyzer;
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

/**
 * Reads one file on a reader thread and prepares what the analyzer needs of it (see {@link JudgedFile}).
 *
 * <p>About 2 % of CloudTrail events are denials. The analyzer's first step drops every other event by two of its
 * top-level fields before parsing it; here the same decision is made while the file streams past, and the candidates
 * are parsed and explained here too, on every core, so that the single thread that must see events in order only
 * counts them. What the other 98 % still mean to the analyzer is time: each may move stream time, which closes
 * windows and resolves incidents. A file therefore also passes on every event that moves past the largest time
 * believed so far in the file (only those can move the analyzer's clock, which has seen at least as much), and its
 * first event, in case it opens the whole scan. Which times are believed is the analyzer's rule
 * ({@link SequentialAnalyzer.Intake#believed}).
 */
final class FileJudge {

    private final CloudTrailReader reader;
    private final SequentialAnalyzer.Intake intake;

    FileJudge(CloudTrailReader reader, SequentialAnalyzer.Intake intake) {
        this.reader = reader;
        this.intake = intake;
    }

    JudgedFile judge(ScanInput input) {
        String source = input.source();
        byte[] sourceBytes = source.getBytes(StandardCharsets.UTF_8);
        List<SequentialAnalyzer.Arrival> arrivals = new ArrayList<>();
        List<ScanReport.Problem> problems = new ArrayList<>();
        long[] events = {0};
        try (InputStream in = input.open()) {
            reader.read(in, new RecordSink() {
                private long clockInFile = Long.MIN_VALUE;

                @Override
                public void accept(CloudTrailRecord record) {
                    boolean first = events[0]++ == 0;
                    byte[] eventTime = record.eventTime() == null ? null
                            : record.eventTime().getBytes(StandardCharsets.UTF_8);
                    long time = intake.believed(eventTime);
                    if (intake.mayBeDenial(record.errorCode(), record.eventName())) {
                        arrivals.add(intake.candidate(RawEventFormat.key(record), eventTime, record.bytes(),
                                sourceBytes));
                    } else if (first || time > clockInFile) {
                        arrivals.add(intake.other(eventTime));
                    }
                    clockInFile = Math.max(clockInFile, time);
                }

                @Override
                public boolean wantsBytes(CloudTrailRecord fields) {
                    return intake.mayBeDenial(fields.errorCode(), fields.eventName());
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
        return new JudgedFile(source, events[0], problems, arrivals);
    }
}
